/**
 * A record's fields, declared once beside its zod schema (issue 20.2): the label officials know
 * a field by, how the admin form asks for it, and a hint. The admin form, the pending panel (what
 * a second approver reads before approving) and the audit log take their labels from here;
 * `FieldList<F>` names every key of the schema's output, so a field added to the schema without
 * its line here is a type error, and tests/schema/field-lists.test.ts checks the same at run time.
 */

/** How the admin form asks for a field (functions/admin/community-pages.tsx renders each). */
type FieldControl =
  | { control: 'text' | 'date' | 'textarea' }
  | {
      control: 'select';
      /** Code → Vietnamese label; empty when filled from D1 (`from`). */
      options: Record<string, string>;
      placeholder: string;
      /** Choices read from D1 when the form is shown (the supervision boards). */
      from?: 'boards' | 'investmentBoards';
    }
  /** Asked by a form of its own (the disclosure form's fieldsets, a consultation's file or groups). */
  | { control: 'custom' };

export type FieldSpec = FieldControl & {
  label: string;
  hint?: string;
  /** The open-data column's meaning (/du-lieu/), when it must say more than the label: codes, units, what empty means. */
  data?: string;
};

/** One line per field of `F`, in the order the form shows them. */
export type FieldList<F> = { readonly [K in keyof F]-?: FieldSpec };

/** The label of each field of a list, for the pending panel and the audit log. */
export const labelsOf = <F,>(list: Partial<FieldList<F>>): Record<string, string> =>
  Object.fromEntries(Object.entries(list as Record<string, FieldSpec>).map(([key, f]) => [key, f.label]));

/** The open-data columns of a list's fields, in its order: each field's `data`, or its label. */
export const dataColumnsOf = <F,>(list: FieldList<F>): { [K in keyof F]-?: string } =>
  Object.fromEntries(Object.entries(list as Record<string, FieldSpec>).map(([key, f]) => [key, f.data ?? f.label])) as { [K in keyof F]-?: string };

/** Codes with their labels, as an open-data column explains them: "ho (hộ gia đình), cu_tri (cử tri)". */
export const codesText = (labels: Record<string, string>) => Object.entries(labels).map(([code, label]) => `${code} (${label.toLowerCase()})`).join(', ');

/**
 * An edit as sent (the API's JSON, or a form whose fields were all posted), laid over the stored
 * record: a field the edit carries wins, even null or "" (it empties the field, or is refused
 * when the field is required); a field it does not carry keeps its stored value. So a client
 * that sends only the fields it changes, or a form that lacks a field, never blanks the rest.
 * Only the record's own fields are filled in (`keys`); `version` and `changeNote` are the
 * edit's own and must always be sent.
 *
 * @example editOver(['title', 'source'], { title: 'A', source: 'B' }, { title: 'C' }) // { title: 'C', source: 'B' }
 */
export function editOver(keys: readonly string[], stored: object, sent: unknown): unknown {
  if (typeof sent !== 'object' || sent === null || Array.isArray(sent)) return sent;
  const merged: Record<string, unknown> = { ...(sent as Record<string, unknown>) };
  const kept = stored as Record<string, unknown>;
  for (const key of keys) if (!Object.hasOwn(merged, key) && kept[key] !== undefined) merged[key] = kept[key];
  return merged;
}
