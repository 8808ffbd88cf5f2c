import type { Values } from './form.ts';
import { FormGuard } from './form-once.tsx';

/**
 * The confirmation step of an action that cannot be undone (publish, revoke an API token,
 * cancel a reception session): what will happen, one button that does it, one link back.
 * Plain HTML, no script: the button posts `xac-nhan=1` with the fields the first step carried.
 */

/** Sent by the confirmation page's button; a POST without it only asks. */
export const CONFIRM_FIELD = 'xac-nhan';

export interface ConfirmProps {
  title: string;
  /** What will happen, one sentence each. */
  lines: string[];
  action: string;
  /** Fields to send again, unchanged. */
  values?: Values;
  button: string;
  back: string;
}

export function ConfirmPage(props: ConfirmProps) {
  const hidden = Object.entries(props.values ?? {})
    .filter(([name]) => name !== CONFIRM_FIELD)
    .flatMap(([name, v]) => (Array.isArray(v) ? v : [v ?? '']).map((value) => ({ name, value })));
  return (
    <>
      <h1>{props.title}</h1>
      <div class="warning">
        {props.lines.map((line) => (
          <p>{line}</p>
        ))}
      </div>
      <form method="post" action={props.action}>
        <FormGuard />
        {hidden.map((h) => (
          <input type="hidden" name={h.name} value={h.value} />
        ))}
        <input type="hidden" name={CONFIRM_FIELD} value="1" />
        <button type="submit" class="danger">
          {props.button}
        </button>{' '}
        <a href={props.back}>Quay lại, không làm gì</a>
      </form>
    </>
  );
}
