import { createContext, useContext, type Child, type PropsWithChildren } from 'hono/jsx';
import { errorSummary, type FieldError } from '../../schema/core/validation.ts';
import type { Values } from './form.ts';
import { useRequestContext } from 'hono/jsx-renderer';
import type { AppEnv } from '../env.ts';
import { FormGuard } from './form-once.tsx';
import { keptForm, KeptFormNotice, keptValues } from './kept-form.tsx';

/**
 * Form fields wired as govuk-frontend wires them: a label, an optional hint, an error message
 * with a hidden "Lỗi:" prefix, `aria-describedby` naming the hint and the error, `aria-invalid`,
 * and the value the official typed. A `<Form>` holds the values and errors; every field inside
 * reads its own from there, so a rejected form always comes back filled in.
 */

interface FormState {
  values: Values;
  errors: FieldError[];
}

const FormContext = createContext<FormState>({ values: {}, errors: [] });

export interface FormProps {
  action: string;
  values?: Values;
  errors?: FieldError[];
  /** For file inputs. */
  multipart?: boolean;
  /** False when another form on the page already shows the summary of these errors. */
  summary?: boolean;
}

/**
 * A POST form with its error summary above it.
 *
 * @example
 * <Form action="/admin/don-vi" values={values} errors={errors}>
 *   <TextField name="name" label="Tên đơn vị" />
 * </Form>
 */
export function Form(props: PropsWithChildren<FormProps>) {
  // A form kept across an ended session comes back into its own boxes (functions/admin/kept-form.tsx).
  const kept = keptForm(useRequestContext<AppEnv>(), props.action);
  const state = { values: kept ? keptValues(kept) : (props.values ?? {}), errors: props.errors ?? [] };
  return (
    <>
      <KeptFormNotice draft={kept} />
      {props.summary !== false && <ErrorSummary errors={state.errors} />}
      <FormContext.Provider value={state}>
        <form method="post" action={props.action} novalidate enctype={props.multipart ? 'multipart/form-data' : undefined}>
          <FormGuard />
          {props.children}
        </form>
      </FormContext.Provider>
    </>
  );
}

/** The error summary at the top of a rejected form, linking to each field; it takes the focus. */
export function ErrorSummary(props: { errors: FieldError[] }) {
  if (!props.errors.length) return null;
  return (
    <div class="error-summary" role="alert" tabindex={-1} id="loi" autofocus>
      <h2>{errorSummary(props.errors.length)}</h2>
      <ul>
        {props.errors.map((e) => (
          <li>
            <a href={`#${e.field}`}>{e.message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export interface FieldProps {
  name: string;
  label: string;
  hint?: string;
}

const single = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));

/** What one field needs from its form: its value, its error, and the ids that describe it. */
function useField(name: string, hint: string | undefined) {
  const { values, errors } = useContext(FormContext);
  const error = errors.find((e) => e.field === name)?.message;
  const ids = [hint ? `${name}-hint` : '', error ? `${name}-error` : ''].filter(Boolean).join(' ');
  return {
    value: values[name],
    error,
    wiring: { 'aria-describedby': ids || undefined, 'aria-invalid': error ? ('true' as const) : undefined },
  };
}

function Hint(props: { name: string; hint?: string }) {
  return props.hint ? (
    <p class="hint" id={`${props.name}-hint`}>
      {props.hint}
    </p>
  ) : null;
}

function ErrorMessage(props: { name: string; error?: string }) {
  return props.error ? (
    <p class="error-message" id={`${props.name}-error`}>
      <span class="skip">Lỗi: </span>
      {props.error}
    </p>
  ) : null;
}

/** Label, hint and error above one control. */
function Field(props: FieldProps & { error?: string; children: Child }) {
  return (
    <div class={props.error ? 'field field-error' : 'field'}>
      <label for={props.name}>{props.label}</label>
      <Hint name={props.name} hint={props.hint} />
      <ErrorMessage name={props.name} error={props.error} />
      {props.children}
    </div>
  );
}

export interface TextFieldProps extends FieldProps {
  type?: 'text' | 'email' | 'password';
  autocomplete?: string;
  inputmode?: 'text' | 'numeric';
}

function Input(props: Omit<TextFieldProps, 'type'> & { type: 'text' | 'email' | 'password' }) {
  const { value, error, wiring } = useField(props.name, props.hint);
  return (
    <Field {...props} error={error}>
      <input
        type={props.type}
        id={props.name}
        name={props.name}
        value={props.type === 'password' ? '' : single(value)}
        autocomplete={props.autocomplete}
        inputmode={props.inputmode}
        {...wiring}
      />
    </Field>
  );
}

/** A one-line text box. A password box never shows back what was typed. */
export function TextField(props: TextFieldProps) {
  return <Input {...props} type={props.type ?? 'text'} />;
}

/** What every date box says about the shape it wants. */
const DATE_HINT = 'Dạng ngày/tháng/năm, ví dụ 24/06/2024 (gõ 24.06.2024 cũng được)';

/**
 * A date box as Vietnamese write dates: a text box for dd/mm/yyyy (the parser also takes
 * "24.06.2024" and ISO). Not `type="date"`: its picker shows mm/dd/yyyy on a phone or PC set
 * to English, against the hint. A stored ISO date is shown back as 24/06/2024.
 */
export function DateField(props: FieldProps) {
  const { value, error, wiring } = useField(props.name, DATE_HINT);
  const typed = single(value);
  const shown = /^\d{4}-\d{2}-\d{2}$/.test(typed) ? typed.split('-').reverse().join('/') : typed;
  const hint = props.hint ? `${props.hint}. ${DATE_HINT}` : DATE_HINT;
  return (
    <Field {...props} hint={hint} error={error}>
      <input
        type="text"
        id={props.name}
        name={props.name}
        value={shown}
        inputmode="numeric"
        pattern="[0-9]{1,2}[\/.\-][0-9]{1,2}[\/.\-][0-9]{4}"
        autocomplete="off"
        class="date"
        {...wiring}
      />
    </Field>
  );
}

export function Textarea(props: FieldProps & { rows?: number }) {
  const { value, error, wiring } = useField(props.name, props.hint);
  return (
    <Field {...props} error={error}>
      <textarea id={props.name} name={props.name} rows={props.rows ?? 5} {...wiring}>
        {single(value)}
      </textarea>
    </Field>
  );
}

export interface Option {
  value: string;
  label: string;
}

/** Options from a `{ value: label }` record such as `UNIT_KINDS`. */
export const optionsOf = (labels: Record<string, string>): Option[] =>
  Object.entries(labels).map(([value, label]) => ({ value, label }));

export function Select(props: FieldProps & { options: Option[]; placeholder: string }) {
  const { value, error, wiring } = useField(props.name, props.hint);
  const chosen = single(value);
  return (
    <Field {...props} error={error}>
      <select id={props.name} name={props.name} {...wiring}>
        <option value="">{props.placeholder}</option>
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === chosen}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** A group of checkboxes or radios: the fieldset carries the field's id, so the summary links to it. */
function Choices(props: FieldProps & { options: Option[]; type: 'checkbox' | 'radio' }) {
  const { value, error, wiring } = useField(props.name, props.hint);
  const chosen = new Set(Array.isArray(value) ? value : value ? [value] : []);
  return (
    <fieldset id={props.name} class={error ? 'field field-error' : 'field'} aria-describedby={wiring['aria-describedby']}>
      <legend>{props.label}</legend>
      <Hint name={props.name} hint={props.hint} />
      <ErrorMessage name={props.name} error={error} />
      {props.options.map((o, i) => (
        <div class="check">
          <input type={props.type} id={`${props.name}-${i}`} name={props.name} value={o.value} checked={chosen.has(o.value)} />
          <label for={`${props.name}-${i}`}>{o.label}</label>
        </div>
      ))}
    </fieldset>
  );
}

/** Pick any number of options; sent as a list (see `readForm`'s `arrays`). */
export function Checkboxes(props: FieldProps & { options: Option[] }) {
  return <Choices {...props} type="checkbox" />;
}

/** Pick one of a few options, all visible at once. */
export function Radios(props: FieldProps & { options: Option[] }) {
  return <Choices {...props} type="radio" />;
}

/** One yes/no box; ticked when the form's value for it is not empty. */
export function Checkbox(props: FieldProps & { value?: string }) {
  const { value } = useField(props.name, props.hint);
  return (
    <>
      <div class="check" id={`${props.name}-wrap`}>
        <input
          type="checkbox"
          id={props.name}
          name={props.name}
          value={props.value ?? 'on'}
          checked={single(value) !== ''}
          aria-describedby={props.hint ? `${props.name}-hint` : undefined}
        />
        <label for={props.name}>{props.label}</label>
      </div>
      <Hint name={props.name} hint={props.hint} />
    </>
  );
}

/** A file input; browsers never let a page fill one back in, so only the error comes back. */
export function FileField(props: FieldProps & { accept: string }) {
  const { error, wiring } = useField(props.name, props.hint);
  return (
    <Field {...props} error={error}>
      <input type="file" id={props.name} name={props.name} accept={props.accept} {...wiring} />
    </Field>
  );
}

/** A value the form sends back unchanged (an item's version, for conflict checks). */
export function Hidden(props: { name: string }) {
  const { values } = useContext(FormContext);
  return <input type="hidden" name={props.name} value={single(values[props.name])} />;
}
