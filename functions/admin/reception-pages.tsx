import { formatDate, weekdayName } from '../../schema/core/dates.ts';
import {
  CHAIR_IN_PERSON_FROM,
  correctionLine,
  describeRule,
  hoursOrUnknown,
  isLateNotice,
  NOT_RECORDED,
  NOTICE_WORKING_DAYS,
  placeOrUnknown,
  PROVISIONAL_LABEL,
  recordText,
  STATUS_LABELS,
  type ReceptionRule,
  type Session,
  type SessionDiff,
} from '../../schema/reception/reception.ts';
import type { FieldError } from '../../schema/core/validation.ts';
import { PUBLISH_NOTE } from './disclosure-pages.tsx';
import type { Values } from './form.ts';
import { Form, TextField } from './fields.tsx';
import { ChangeForm, CorrectionForm, ExtraForm, HolidayForm, RecordForm, RuleForm } from './reception-forms.tsx';
import { FormGuard } from './form-once.tsx';

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
  /** Of this year and the next, the years whose days off no official has confirmed. */
  provisionalYears: number[];
  /** From 1 November: ask for next year's list. */
  askNextYear: boolean;
  /** Past sessions published as held on what is now a day off, with no correction yet. */
  toCorrect: { session: Session; dayOff: string }[];
  /** Past sessions (this year and the last) that nobody recorded. */
  unrecorded: number;
}

const sessionLine = (s: Session) =>
  `${weekdayName(s.date)}, ${formatDate(s.date)} ${hoursOrUnknown(s)}${s.status === 'cancelled' ? ' (hủy)' : ''}, ` +
  `${placeOrUnknown(s)}, ${s.hostTitle}`;

/**
 * Before saving: exactly the sessions the change will mark "Thay đổi muộn", as they were and as
 * they will be. The official confirms with a reason, which the public page shows.
 */
function LateSessions(props: { sessions: SessionDiff[] }) {
  return (
    <div class="warning" role="alert">
      <p>
        Thay đổi này làm đổi {props.sessions.length} buổi tiếp còn dưới {NOTICE_WORKING_DAYS} ngày làm việc báo trước. Nếu lưu,
        trang công khai, trang nhúng và lịch ICS sẽ ghi các buổi này là <strong>thay đổi muộn</strong>, kèm lý do bạn ghi:
      </p>
      <ul class="late-sessions">
        {props.sessions.map((d) => (
          <li>
            {d.before ? sessionLine(d.before) : 'Buổi mới'} → {d.after ? sessionLine(d.after) : 'không còn (hiện là đã hủy)'}
          </li>
        ))}
      </ul>
      <p>Ghi lý do rồi bấm "Xác nhận lưu", hoặc chọn ngày áp dụng muộn hơn.</p>
    </div>
  );
}

function SessionItem(props: { session: Session }) {
  const s = props.session;
  return (
    <div class="list-item">
      <strong>
        {weekdayName(s.date)}, <time datetime={s.date}>{formatDate(s.date)}</time>
      </strong>{' '}
      {hoursOrUnknown(s)} <span class="status">{STATUS_LABELS[s.status]}</span>
      {s.lateChange && (
        <>
          {' '}
          <span class="status">Thay đổi muộn</span>
        </>
      )}
      <br />
      {s.hostTitle} · {placeOrUnknown(s)}
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
      {props.askNextYear && props.provisionalYears.includes(year + 1) && (
        <p class="warning" role="status">
          Đã đến tháng 11: hãy nhập danh sách ngày nghỉ năm {year + 1} theo thông báo chính thức.{' '}
          <a href={`${RECEPTION}/ngay-nghi/${year + 1}`}>Nhập ngày nghỉ năm {year + 1}</a>
        </p>
      )}
      {props.toCorrect.length > 0 && (
        <div class="warning" role="status" id="can-dinh-chinh">
          <h2>Cần đính chính: {props.toCorrect.length} buổi tiếp đã qua trùng ngày nghỉ</h2>
          <p>
            Các buổi dưới đây đã được công bố là tiếp theo lịch, nhưng danh sách ngày nghỉ đã xác nhận cho biết ngày đó là ngày nghỉ.
            Trang công khai không tự sửa quá khứ: hãy ghi nhận buổi đó có diễn ra không, và công bố đính chính.
          </p>
          <ul>
            {props.toCorrect.map(({ session: s, dayOff }) => (
              <li>
                {weekdayName(s.date)}, <time datetime={s.date}>{formatDate(s.date)}</time> — {dayOff}.{' '}
                <a href={`${RECEPTION}/buoi-tiep/${s.key}/dinh-chinh`}>Đính chính</a> ·{' '}
                <a href={`${RECEPTION}/buoi-tiep/${s.key}/ghi-nhan`}>Ghi nhận</a>
              </li>
            ))}
          </ul>
        </div>
      )}
      <h2>Lịch định kỳ</h2>
      {props.rules.map((r) => (
        <div class="list-item">
          <strong>{describeRule(r)}</strong>, {hoursOrUnknown(r)}
          <br />
          {placeOrUnknown(r)} · {r.hostTitle}
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
      <p>
        <a href={`${RECEPTION}/toi-thieu`}>Số ngày tiếp tối thiểu mỗi tháng theo luật</a>
      </p>
      <h2>Các buổi đã qua</h2>
      <p>
        Buổi tiếp theo lịch chỉ là kế hoạch: sau ngày tiếp, hãy ghi nhận buổi đó có diễn ra không. Buổi chưa ghi nhận hiện trên trang công
        khai là "{NOT_RECORDED}" và không được tính là đã tiếp trong báo cáo.
        {props.unrecorded > 0 && <strong> Còn {props.unrecorded} buổi đã qua chưa ghi nhận.</strong>}
      </p>
      <p>
        <a href={`${RECEPTION}/da-qua/${year}`}>Năm {year}</a> · <a href={`${RECEPTION}/da-qua/${year - 1}`}>Năm {year - 1}</a> ·{' '}
        <a href={`${RECEPTION}/da-qua/${year - 2}`}>Năm {year - 2}</a>
      </p>
      <h2>10 tuần tới</h2>
      {props.sessions.map((s) => (
        <SessionItem session={s} />
      ))}
      <h2>Ngày nghỉ lễ</h2>
      <p>
        <a href={`${RECEPTION}/ngay-nghi/${year}`}>Năm {year}</a>
        {props.provisionalYears.includes(year) && ` (${PROVISIONAL_LABEL})`} ·{' '}
        <a href={`${RECEPTION}/ngay-nghi/${year + 1}`}>Năm {year + 1}</a>
        {props.provisionalYears.includes(year + 1) && ` (${PROVISIONAL_LABEL})`}
      </p>
    </>
  );
}

export interface FormPageProps {
  values: Values;
  errors: FieldError[];
}

/** A new standing rule, or an edit of `editing`; with `late`, the confirm step. */
export function RulePage(props: FormPageProps & { editing?: ReceptionRule; late?: SessionDiff[] }) {
  const action = props.editing ? `${RECEPTION}/lich/${props.editing.id}` : `${RECEPTION}/lich/moi`;
  return (
    <>
      <h1>{props.editing ? 'Sửa lịch tiếp định kỳ' : 'Thêm lịch tiếp định kỳ'}</h1>
      {props.late && <LateSessions sessions={props.late} />}
      <RuleForm action={action} values={props.values} errors={props.errors} editing={props.editing} confirming={!!props.late} />
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
      {isLateNotice(props.notice) && (
        <p class="warning">
          Buổi này chỉ còn {props.notice} ngày làm việc. Vẫn có thể thay đổi, nhưng trang công khai sẽ ghi rõ là{' '}
          <strong>thay đổi muộn</strong>.
        </p>
      )}
      <ChangeForm action={base} values={props.values} errors={props.errors} chairmanRule={props.date >= CHAIR_IN_PERSON_FROM} />
      {props.hasChange && (
        <form method="post" action={`${base}/xoa`}>
          <FormGuard />
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

export function HolidayPage(props: FormPageProps & { year: number; provisional: boolean; late?: SessionDiff[] }) {
  return (
    <>
      <h1>Ngày nghỉ lễ năm {props.year}</h1>
      {props.provisional ? (
        <p class="hint">
          Danh sách dưới đây được tính theo Bộ luật Lao động (Tết Nguyên đán theo âm lịch Việt Nam, múi giờ UTC+7) và đang hiện trên
          trang công khai là <strong>{PROVISIONAL_LABEL}</strong>. Thủ tướng quyết định lịch nghỉ Tết, ngày nghỉ bù và ngày làm bù
          hằng năm: hãy sửa cho đúng thông báo chính thức, ghi căn cứ, rồi lưu để xác nhận.
        </p>
      ) : (
        <p class="hint">
          Danh sách đã được xác nhận (danh sách Chính phủ đã quyết định có sẵn trong phần mềm, kèm căn cứ, hoặc danh sách đơn vị đã lưu).
          Sửa nếu có thông báo chính thức mới. Buổi tiếp đã qua trùng ngày nghỉ sẽ hiện ở mục "Cần đính chính" trên trang lịch.
        </p>
      )}
      <p class="hint">
        Danh sách lưu hôm nay áp dụng cho các buổi tiếp từ hôm nay. Các buổi đã qua giữ ngày nghỉ như lúc diễn ra (kể cả ghi chú{' '}
        {PROVISIONAL_LABEL}), để lịch sử không thay đổi.
      </p>
      {props.late && <LateSessions sessions={props.late} />}
      <HolidayForm action={`${RECEPTION}/ngay-nghi/${props.year}`} values={props.values} errors={props.errors} confirming={!!props.late} />
    </>
  );
}

/** The unit's legal minimum of reception days a month: every rule saved afterwards must reach it. */
export function MinimumPage(props: FormPageProps) {
  return (
    <>
      <h1>Số ngày tiếp công dân tối thiểu mỗi tháng</h1>
      <p class="hint">
        Luật Tiếp công dân hiện hành: Chủ tịch tiếp ít nhất một ngày mỗi tuần. Khi luật đổi tần suất, ghi số ngày tối thiểu mỗi tháng
        ở đây; lịch định kỳ nào ít hơn sẽ không lưu được. Để trống nếu không đặt.
      </p>
      <Form action={`${RECEPTION}/toi-thieu`} values={props.values} errors={props.errors}>
        <TextField name="minDaysPerMonth" label="Số ngày tối thiểu mỗi tháng" hint="Ví dụ 4" />
        <button type="submit">Lưu</button>
      </Form>
    </>
  );
}

/** Every past session of a year, with what was recorded and its corrections, and the links to record or correct it. */
export function PastSessionsPage(props: { year: number; sessions: Session[]; saved: boolean }) {
  return (
    <>
      <h1>Các buổi tiếp đã qua năm {props.year}</h1>
      {props.saved && (
        <p class="notice" role="status">
          Đã lưu. {PUBLISH_NOTE}
        </p>
      )}
      {props.sessions.length === 0 && <p>Không có buổi tiếp nào đã qua trong năm này.</p>}
      {props.sessions.map((s) => (
        <div class="list-item" id={s.key}>
          <strong>
            {weekdayName(s.date)}, <time datetime={s.date}>{formatDate(s.date)}</time>
          </strong>{' '}
          <span class="status">{STATUS_LABELS[s.status]}</span> · {s.hostTitle}
          {s.reason && (
            <>
              <br />
              {s.reason}
            </>
          )}
          <br />
          Ghi nhận: {recordText(s)}
          {s.corrections.map((c) => (
            <>
              <br />
              {correctionLine(c)}
            </>
          ))}
          <br />
          <a href={`${RECEPTION}/buoi-tiep/${s.key}/ghi-nhan`}>{s.record ? 'Sửa ghi nhận' : 'Ghi nhận'}</a> ·{' '}
          <a href={`${RECEPTION}/buoi-tiep/${s.key}/dinh-chinh`}>Đính chính</a>
        </div>
      ))}
      <p>
        <a href={`${RECEPTION}/`}>Quay lại</a>
      </p>
    </>
  );
}

const sessionTitle = (s: Session) => `buổi tiếp ${weekdayName(s.date)}, ${formatDate(s.date)}`;

export function RecordPage(props: FormPageProps & { session: Session }) {
  const s = props.session;
  return (
    <>
      <h1>Ghi nhận {sessionTitle(s)}</h1>
      <p class="hint">
        Theo lịch: {STATUS_LABELS[s.status]}, {hoursOrUnknown(s)}, {placeOrUnknown(s)}, {s.hostTitle}
        {s.hostName && ` ${s.hostName}`}.
      </p>
      <RecordForm action={`${RECEPTION}/buoi-tiep/${s.key}/ghi-nhan`} values={props.values} errors={props.errors} />
      <p>
        <a href={`${RECEPTION}/da-qua/${s.date.slice(0, 4)}#${s.key}`}>Quay lại</a>
      </p>
    </>
  );
}

export function CorrectionPage(props: FormPageProps & { session: Session; dayOff?: string }) {
  const s = props.session;
  return (
    <>
      <h1>Đính chính {sessionTitle(s)}</h1>
      <p class="hint">
        Đã thông báo: {STATUS_LABELS[s.status]}, {hoursOrUnknown(s)}, {placeOrUnknown(s)}, {s.hostTitle}. Thông báo này giữ nguyên; đính
        chính được công bố bên cạnh, trên trang công khai, lịch ICS và dữ liệu JSON.
        {props.dayOff && ` Theo danh sách ngày nghỉ đã xác nhận, ngày này là ngày nghỉ: ${props.dayOff}.`}
      </p>
      {s.corrections.length > 0 && (
        <ul>
          {s.corrections.map((c) => (
            <li>{correctionLine(c)}</li>
          ))}
        </ul>
      )}
      <CorrectionForm action={`${RECEPTION}/buoi-tiep/${s.key}/dinh-chinh`} values={props.values} errors={props.errors} />
      <p>
        <a href={`${RECEPTION}/da-qua/${s.date.slice(0, 4)}#${s.key}`}>Quay lại</a>
      </p>
    </>
  );
}
