import { BOARD_CHANNELS, SHORT_POSTING_GROUNDS } from '../../schema/disclosure/channels.ts';
import { CHANNELS, MIN_POSTING_DAYS, type Disclosure } from '../../schema/disclosure/disclosure.ts';
import { DateField, optionsOf, Select, TextField } from './fields.tsx';
import type { Values } from './form.ts';

/**
 * The disclosure form's per-channel records (issue 12): for each form of disclosure used, its
 * own days and, for posting boards, the places; and the legal ground of a posting shorter than
 * 30 days. Kept apart from disclosure-form.tsx, which only includes these components.
 * Field names are the schema paths ("channelDetails.loudspeaker.start"), so errors land on them.
 */

const PART = { start: 'Từ ngày', end: 'Đến ngày', places: 'Nơi niêm yết' } as const;
const fieldName = (code: string, part: keyof typeof PART) => `channelDetails.${code}.${part}`;

export function ChannelDates(props: { values: Values }) {
  const open = Object.keys(props.values).some((k) => k.startsWith('channelDetails.') && props.values[k] !== '');
  return (
    <details open={open}>
      <summary>Ngày và nơi thực hiện của từng hình thức (nên ghi; đọc trên loa thường phải đủ 3 ngày liên tục)</summary>
      {Object.entries(CHANNELS).map(([code, label]) => (
        <fieldset>
          <legend>{label}</legend>
          <DateField name={fieldName(code, 'start')} label={PART.start} />
          <DateField name={fieldName(code, 'end')} label={PART.end} />
          {BOARD_CHANNELS.includes(code as never) && (
            <TextField name={fieldName(code, 'places')} label={PART.places} hint="Ví dụ: bảng tin trụ sở; nhà văn hóa khu phố 1, 2, 3, 4" />
          )}
        </fieldset>
      ))}
    </details>
  );
}

export function ShortPostingGround() {
  return (
    <Select
      name="shortPostingGround"
      label={`Căn cứ niêm yết dưới ${MIN_POSTING_DAYS} ngày (nếu có)`}
      placeholder="— Không áp dụng —"
      options={optionsOf(SHORT_POSTING_GROUNDS)}
    />
  );
}

/** A stored item's per-channel records as form values. */
export function channelValues(d: Pick<Disclosure, 'channelDetails' | 'shortPostingGround'>): Values {
  const values: Values = { shortPostingGround: d.shortPostingGround };
  for (const [code, detail] of Object.entries(d.channelDetails)) {
    for (const part of ['start', 'end', 'places'] as const) if (detail?.[part]) values[fieldName(code, part)] = detail[part];
  }
  return values;
}

/** Folds the flat "channelDetails.<code>.<part>" inputs into the object the schema reads. */
export function nestChannelDetails(input: Record<string, unknown>): void {
  const details: Record<string, Record<string, unknown>> = {};
  for (const key of Object.keys(input)) {
    const m = /^channelDetails\.(\w+)\.(start|end|places)$/.exec(key);
    if (!m) continue;
    (details[m[1]!] ??= {})[m[2]!] = input[key];
    delete input[key];
  }
  input.channelDetails = details;
}
