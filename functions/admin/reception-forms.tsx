import {
  EXTRA_SESSION_KINDS,
  FREQUENCIES,
  HOLIDAY_POLICIES,
  NOT_PUBLISHED,
  NOTICE_WORKING_DAYS,
  SESSION_CHANGE_KINDS,
  WEEK_OF_MONTH_NAMES,
  WEEKDAY_NAMES,
  type ReceptionRule,
} from '../../schema/reception/reception.ts';
import type { FieldError } from '../../schema/core/validation.ts';
import { Checkboxes, DateField, Form, Hidden, optionsOf, Radios, Select, Textarea, TextField } from './fields.tsx';
import type { Values } from './form.ts';

/** Forms for the reception calendar: the standing rule, a change to one session, an extra session. */

/** Hours and place may be left empty until the commune publishes them: never a guessed value. */
const UNKNOWN_HINT = `Để trống nếu chưa công bố: người dân sẽ thấy "${NOT_PUBLISHED}".`;

const weekOptions = [1, 2, 3, 4, 5, -1].map((w) => ({ value: String(w), label: WEEK_OF_MONTH_NAMES[w]! }));

export function ruleValues(rule: ReceptionRule): Values {
  return {
    frequency: rule.frequency,
    weekdays: rule.weekdays.map(String),
    weeksOfMonth: rule.weeksOfMonth.map(String),
    daysPerMonth: rule.daysPerMonth === undefined ? '' : String(rule.daysPerMonth),
    startTime: rule.startTime ?? '',
    endTime: rule.endTime ?? '',
    place: rule.place ?? '',
    hostTitle: rule.hostTitle,
    hostName: rule.hostName,
    topics: rule.topics,
    validFrom: rule.validFrom,
    validTo: rule.validTo ?? '',
    holidayPolicy: rule.holidayPolicy,
    version: String(rule.version),
  };
}

/** Every reception form: where it posts, what was typed, what is wrong. */
export interface ReceptionFormProps {
  action: string;
  values: Values;
  errors: FieldError[];
}

/** With `confirming`, the official has seen the sessions marked late and confirms with a reason. */
export function RuleForm(props: ReceptionFormProps & { editing?: ReceptionRule; confirming?: boolean }) {
  return (
    <Form action={props.action} values={props.values} errors={props.errors}>
      {props.editing && <Hidden name="version" />}
      {props.confirming && <Hidden name="confirm" />}
      <Select name="frequency" label="Tần suất" placeholder="— Chọn —" options={optionsOf(FREQUENCIES)} />
      <Checkboxes name="weekdays" label="Ngày trong tuần" options={optionsOf(WEEKDAY_NAMES)} />
      <Checkboxes name="weeksOfMonth" label='Các tuần trong tháng (chỉ khi chọn "theo tuần trong tháng")' options={weekOptions} />
      <TextField
        name="daysPerMonth"
        label='Số ngày tiếp mỗi tháng (chỉ khi chọn "ít nhất N ngày mỗi tháng")'
        hint="Các ngày làm việc đầu tiên của tháng rơi vào những ngày trong tuần đã chọn"
      />
      <TextField name="startTime" label="Giờ bắt đầu" hint={`Ví dụ 07:30. ${UNKNOWN_HINT}`} />
      <TextField name="endTime" label="Giờ kết thúc" hint={`Ví dụ 11:00. ${UNKNOWN_HINT}`} />
      <TextField name="place" label="Địa điểm" hint={UNKNOWN_HINT} />
      <TextField
        name="hostTitle"
        label="Chức vụ người tiếp"
        hint="Luật Tiếp công dân: Chủ tịch Ủy ban nhân dân cấp xã trực tiếp tiếp công dân"
      />
      <TextField name="hostName" label="Họ tên người tiếp (nếu muốn ghi)" />
      <Textarea name="topics" label="Nội dung dự kiến" rows={3} />
      <DateField name="validFrom" label={props.editing ? 'Lịch bắt đầu từ ngày' : 'Áp dụng từ ngày'} />
      <DateField name="validTo" label="Áp dụng đến ngày (để trống nếu chưa định)" />
      <Select
        name="holidayPolicy"
        label="Khi buổi tiếp trùng ngày nghỉ lễ"
        placeholder="— Chọn —"
        options={optionsOf(HOLIDAY_POLICIES)}
      />
      {props.editing && (
        <DateField
          name="effectiveFrom"
          label="Áp dụng thay đổi từ ngày"
          hint={
            'Các buổi trước ngày này giữ nguyên như đã công bố. ' +
            `Mặc định là ngày đầu tiên còn đủ ${NOTICE_WORKING_DAYS} ngày làm việc báo trước.`
          }
        />
      )}
      <TextField name="reason" label="Lý do thay đổi" hint="Công bố cùng các buổi tiếp bị thay đổi muộn" />
      <button type="submit">{props.confirming ? 'Xác nhận lưu' : 'Lưu lịch tiếp'}</button>
    </Form>
  );
}

export function ChangeForm(props: ReceptionFormProps & { chairmanRule?: boolean }) {
  return (
    <Form action={props.action} values={props.values} errors={props.errors}>
      <Select name="kind" label="Thay đổi" placeholder="— Chọn —" options={optionsOf(SESSION_CHANGE_KINDS)} />
      <TextField name="reason" label="Lý do" hint="Hiện trên trang công khai, ví dụ: Chủ tịch họp đột xuất tại huyện" />
      <DateField name="newDate" label="Ngày mới (khi dời)" />
      <TextField name="newStartTime" label="Giờ bắt đầu mới (nếu đổi)" />
      <TextField name="newEndTime" label="Giờ kết thúc mới (nếu đổi)" />
      <TextField name="newPlace" label="Địa điểm mới (nếu đổi)" />
      <TextField
        name="newHostTitle"
        label="Chức vụ người tiếp thay (khi đổi người tiếp)"
        hint={
          props.chairmanRule
            ? 'Từ 01/07/2026 (Luật Tiếp công dân sửa đổi) Chủ tịch phải trực tiếp tiếp công dân: ' +
              'nếu người tiếp thay không phải Chủ tịch, trang công khai ghi rõ điều đó cùng lý do ở trên.'
            : undefined
        }
      />
      <TextField name="newHostName" label="Họ tên người tiếp thay" />
      <button type="submit">Lưu thay đổi</button>
    </Form>
  );
}

export function ExtraForm(props: ReceptionFormProps) {
  return (
    <Form action={props.action} values={props.values} errors={props.errors}>
      <Select name="kind" label="Loại buổi tiếp" placeholder="— Chọn —" options={optionsOf(EXTRA_SESSION_KINDS)} />
      <DateField name="date" label="Ngày tiếp" />
      <TextField name="startTime" label="Giờ bắt đầu" hint="Ví dụ 14:00" />
      <TextField name="endTime" label="Giờ kết thúc" />
      <TextField name="place" label="Địa điểm" />
      <TextField name="hostTitle" label="Chức vụ người tiếp" />
      <TextField name="hostName" label="Họ tên người tiếp (nếu muốn ghi)" />
      <TextField name="withBodies" label="Cơ quan phối hợp (khi tiếp phối hợp)" />
      <Textarea name="topics" label="Nội dung" rows={3} />
      <button type="submit">Thêm buổi tiếp</button>
    </Form>
  );
}

export function HolidayForm(props: ReceptionFormProps & { confirming?: boolean }) {
  return (
    <Form action={props.action} values={props.values} errors={props.errors}>
      {props.confirming && <Hidden name="confirm" />}
      <Textarea
        name="list"
        label="Danh sách ngày nghỉ"
        hint={
          'Mỗi dòng một ngày: ngày | loại (ngày lễ, nghỉ bù hoặc làm bù) | tên | căn cứ. ' +
          'Ví dụ: 02/01/2026 | nghỉ bù | Nghỉ hoán đổi dịp Tết Dương lịch | Công văn 12729/VPCP-KGVX'
        }
        rows={16}
      />
      <button type="submit">{props.confirming ? 'Xác nhận lưu' : 'Lưu và xác nhận danh sách ngày nghỉ'}</button>
    </Form>
  );
}

/** What happened at a session, recorded after its day. */
export function RecordForm(props: ReceptionFormProps) {
  return (
    <Form action={props.action} values={props.values} errors={props.errors}>
      <Hidden name="version" />
      <Radios
        name="held"
        label="Buổi tiếp có diễn ra không?"
        options={[
          { value: 'true', label: 'Có, đã tiếp công dân' },
          { value: 'false', label: 'Không diễn ra' },
        ]}
      />
      <TextField name="heldByTitle" label="Chức vụ người đã tiếp (nếu khác người theo lịch)" hint="Để trống nếu đúng người theo lịch." />
      <TextField name="heldByName" label="Họ tên người đã tiếp (nếu khác người theo lịch)" />
      <TextField
        name="citizensReceived"
        label="Số lượt công dân được tiếp"
        hint="Ví dụ 3. Để trống nếu đơn vị không theo dõi số này: trang công khai và báo cáo ghi là chưa có số liệu, không ghi 0."
      />
      <Textarea name="note" label="Ghi chú" hint='Bắt buộc khi buổi tiếp không diễn ra, ví dụ "Trùng ngày nghỉ hoán đổi".' rows={3} />
      <button type="submit">Lưu ghi nhận</button>
    </Form>
  );
}

/** A correction published beside a past session as it was announced. */
export function CorrectionForm(props: ReceptionFormProps) {
  return (
    <Form action={props.action} values={props.values} errors={props.errors}>
      <Textarea
        name="text"
        label="Nội dung đính chính"
        hint={
          'Ví dụ: "Ngày 02/01/2026 là ngày nghỉ hoán đổi (Công văn 12729/VPCP-KGVX); buổi tiếp không diễn ra." ' +
          'Trang công khai ghi "Đính chính ngày …:" trước nội dung này, bên cạnh thông báo ban đầu.'
        }
        rows={4}
      />
      <button type="submit">Công bố đính chính</button>
    </Form>
  );
}
