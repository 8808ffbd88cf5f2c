import { formatDate, weekdayName } from '../../schema/dates.ts';
import { describeRule, NOTICE_WORKING_DAYS, STATUS_LABELS, type ReceptionRule, type Session } from '../../schema/reception.ts';
import type { FieldError } from '../../schema/validation.ts';
import { PUBLISH_NOTE } from './disclosure-pages.tsx';
import type { Values } from './form.ts';
import { ChangeForm, ExtraForm, HolidayForm, RuleForm } from './reception-forms.tsx';

/** The pages of the reception calendar admin, under /admin/tiep-cong-dan. */

export const RECEPTION = '/admin/tiep-cong-dan';

export interface CalendarPageProps {
  rules: ReceptionRule[];
  /** The sessions of the next ten weeks. */
  sessions: Session[];
  year: number;
  saved: boolean;
  /** Working days of notice left, after a change that came late. */
  late?: string;
}

function SessionItem(props: { session: Session }) {
  const s = props.session;
  return (
    <div class="list-item">
      <strong>
        {weekdayName(s.date)}, <time datetime={s.date}>{formatDate(s.date)}</time>
      </strong>{' '}
      {s.startTime}–{s.endTime} <span class="status">{STATUS_LABELS[s.status]}</span>
      {s.lateChange && (
        <>
          {' '}
          <span class="status">Thay đổi muộn</span>
        </>
      )}
      <br />
      {s.hostTitle} · {s.place}
      {s.reason && (
        <>
          <br />
          {s.reason}
        </>
      )}
      {s.kind === 'regular' && (
        <>
          <br />
          <a href={`${RECEPTION}/buoi/${s.ruleId}/${s.originalDate ?? s.date}`}>Hủy, dời hoặc đổi người tiếp…</a>
        </>
      )}
    </div>
  );
}

export function CalendarPage(props: CalendarPageProps) {
  const { year } = props;
  return (
    <>
      <h1>Lịch tiếp công dân</h1>
      {props.saved && (
        <p class="notice" role="status">
          Đã lưu. {PUBLISH_NOTE}
        </p>
      )}
      {props.late && (
        <p class="warning" role="alert">
          Thay đổi này chỉ còn {props.late} ngày làm việc trước buổi tiếp (luật yêu cầu thông báo trước {NOTICE_WORKING_DAYS}{' '}
          ngày làm việc). Đã lưu, và trang công khai ghi rõ là <strong>thay đổi muộn</strong>.
        </p>
      )}
      <h2>Lịch định kỳ</h2>
      {props.rules.map((r) => (
        <div class="list-item">
          <strong>{describeRule(r)}</strong>, {r.startTime}–{r.endTime}
          <br />
          {r.place} · {r.hostTitle}
          <br />
          Áp dụng từ <time datetime={r.validFrom}>{formatDate(r.validFrom)}</time>
          {r.validTo && (
            <>
              {' đến '}
              <time datetime={r.validTo}>{formatDate(r.validTo)}</time>
            </>
          )}
          {' · '}
          <a href={`${RECEPTION}/lich/${r.id}`}>Sửa</a>
        </div>
      ))}
      <p>
        <a class="button" href={`${RECEPTION}/lich/moi`}>
          Thêm lịch định kỳ
        </a>{' '}
        <a class="button" href={`${RECEPTION}/dot-xuat/moi`}>
          Thêm buổi tiếp đột xuất
        </a>
      </p>
      <h2>10 tuần tới</h2>
      {props.sessions.map((s) => (
        <SessionItem session={s} />
      ))}
      <h2>Ngày nghỉ lễ</h2>
      <p>
        <a href={`${RECEPTION}/ngay-nghi/${year}`}>Năm {year}</a> ·{' '}
        <a href={`${RECEPTION}/ngay-nghi/${year + 1}`}>Năm {year + 1}</a>
      </p>
    </>
  );
}

export interface FormPageProps {
  values: Values;
  errors: FieldError[];
}

/** A new standing rule, or an edit of `editing`. */
export function RulePage(props: FormPageProps & { editing?: ReceptionRule }) {
  const action = props.editing ? `${RECEPTION}/lich/${props.editing.id}` : `${RECEPTION}/lich/moi`;
  return (
    <>
      <h1>{props.editing ? 'Sửa lịch tiếp định kỳ' : 'Thêm lịch tiếp định kỳ'}</h1>
      <RuleForm action={action} {...props} />
    </>
  );
}

export function ExtraPage(props: FormPageProps) {
  return (
    <>
      <h1>Thêm buổi tiếp đột xuất hoặc phối hợp</h1>
      <ExtraForm action={`${RECEPTION}/dot-xuat/moi`} {...props} />
    </>
  );
}

export interface ChangePageProps extends FormPageProps {
  ruleId: number;
  date: string;
  /** Working days from today to the session. */
  notice: number;
  /** A change is stored already: offer to undo it. */
  hasChange: boolean;
}

export function ChangePage(props: ChangePageProps) {
  const base = `${RECEPTION}/buoi/${props.ruleId}/${props.date}`;
  return (
    <>
      <h1>
        Thay đổi buổi tiếp {weekdayName(props.date)}, {formatDate(props.date)}
      </h1>
      {props.notice < NOTICE_WORKING_DAYS && (
        <p class="warning">
          Buổi này chỉ còn {props.notice} ngày làm việc. Vẫn có thể thay đổi, nhưng trang công khai sẽ ghi rõ là{' '}
          <strong>thay đổi muộn</strong>.
        </p>
      )}
      <ChangeForm action={base} values={props.values} errors={props.errors} />
      {props.hasChange && (
        <form method="post" action={`${base}/xoa`}>
          <button type="submit" class="secondary">
            Bỏ thay đổi, trở về lịch định kỳ
          </button>
        </form>
      )}
      <p>
        <a href={`${RECEPTION}/`}>Quay lại</a>
      </p>
    </>
  );
}

export function HolidayPage(props: FormPageProps & { year: number }) {
  return (
    <>
      <h1>Ngày nghỉ lễ năm {props.year}</h1>
      <p class="hint">
        Danh sách có sẵn được tính theo Bộ luật Lao động (Tết Nguyên Đán theo âm lịch Việt Nam, múi giờ UTC+7). Thủ tướng
        quyết định lịch nghỉ Tết và ngày hoán đổi hằng năm: hãy sửa cho đúng thông báo chính thức rồi lưu.
      </p>
      <HolidayForm action={`${RECEPTION}/ngay-nghi/${props.year}`} values={props.values} errors={props.errors} />
    </>
  );
}
