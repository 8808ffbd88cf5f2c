import { editOver } from '../../schema/core/fields.ts';

/** What a form shows back: the text of each field as typed, a list for checkbox groups. */
export type Values = Record<string, string | string[] | undefined>;

export type FormBody = Record<string, string | File | (string | File)[]>;

/**
 * Turns a submitted form into schema input and the values to show back. Empty boxes count as
 * not given (so required fields say "Chưa nhập …"); `arrays` are multi-value fields (checkbox
 * groups, sent only when something is ticked); `booleans` are single checkboxes.
 *
 * @example readForm(await c.req.parseBody({ all: true }), { arrays: ['channels'], booleans: ['permanent'] })
 */
export function readForm(
  body: FormBody,
  { arrays = [] as string[], booleans = [] as string[] } = {},
): { input: Record<string, unknown>; values: Values } {
  const values: Values = {};
  const input: Record<string, unknown> = {};
  for (const [key, sent] of Object.entries(body)) {
    const list = (Array.isArray(sent) ? sent : [sent]).filter((v): v is string => typeof v === 'string');
    values[key] = arrays.includes(key) ? list : (list[0] ?? '');
    if (arrays.includes(key)) input[key] = list;
    else if (booleans.includes(key)) input[key] = list[0] !== undefined && list[0] !== '';
    else if (list[0] !== undefined && list[0].trim() !== '') input[key] = list[0];
  }
  for (const key of arrays) input[key] ??= [];
  for (const key of booleans) input[key] ??= false;
  return { input, values };
}

/**
 * A form's edit laid over the stored record (schema/core/fields.ts editOver): a field the form posted
 * is taken as typed, an emptied box too (readForm leaves it out, so the schema reads it as not
 * given: emptied, or "Chưa nhập …" when required); a field the form does not carry at all keeps
 * its stored value instead of being blanked by the save.
 */
export function formEditOver(fields: object, stored: object, input: Record<string, unknown>, values: Values): unknown {
  const notPosted = Object.keys(fields).filter((key) => !Object.hasOwn(values, key) && !Object.hasOwn(input, key));
  return editOver(notPosted, stored, input);
}
