import { html } from 'hono/html';
import { HOLIDAY_POLICIES, WEEK_OF_MONTH_NAMES, WEEKDAY_NAMES, type ReceptionRule } from '../../schema/reception.ts';
import type { FieldError } from '../../schema/validation.ts';
import { checkboxes, errorSummaryBox, selectField, textArea, textField, type Values } from './page.ts';

/** Forms for the reception calendar: the standing rule, a change to one session, an extra session. */

const weekdayOptions = Object.entries(WEEKDAY_NAMES).map(([value, label]) => ({ value, label }));
const weekOptions = [1, 2, 3, 4, 5, -1].map((w) => ({ value: String(w), label: WEEK_OF_MONTH_NAMES[w]! }));

export function ruleValues(rule: ReceptionRule): Values {
  return {
    frequency: rule.frequency,
    weekdays: rule.weekdays.map(String),
    weeksOfMonth: rule.weeksOfMonth.map(String),
    startTime: rule.startTime,
    endTime: rule.endTime,
    place: rule.place,
    hostTitle: rule.hostTitle,
    hostName: rule.hostName,
    topics: rule.topics,
    validFrom: rule.validFrom,
    validTo: rule.validTo ?? '',
    holidayPolicy: rule.holidayPolicy,
    version: String(rule.version),
  };
}

export function ruleForm(action: string, values: Values, errors: FieldError[], editing?: ReceptionRule) {
  const f = { values, errors };
  return html`${errorSummaryBox(errors)}
<form method="post" action="${action}" novalidate>
${editing ? html`<input type="hidden" name="version" value="${values.version ?? String(editing.version)}">` : ''}
${selectField({ ...f, name: 'frequency', label: 'Tần suất', placeholder: '— Chọn —', options: [{ value: 'weekly', label: 'Hằng tuần' }, { value: 'monthly', label: 'Theo tuần trong tháng (ít nhất … ngày mỗi tháng)' }] })}
${checkboxes({ ...f, name: 'weekdays', label: 'Ngày trong tuần', options: weekdayOptions })}
${checkboxes({ ...f, name: 'weeksOfMonth', label: 'Các tuần trong tháng (chỉ khi chọn "theo tuần trong tháng")', options: weekOptions })}
${textField({ ...f, name: 'startTime', label: 'Giờ bắt đầu', hint: 'Ví dụ 07:30' })}
${textField({ ...f, name: 'endTime', label: 'Giờ kết thúc', hint: 'Ví dụ 11:00' })}
${textField({ ...f, name: 'place', label: 'Địa điểm' })}
${textField({ ...f, name: 'hostTitle', label: 'Chức vụ người tiếp', hint: 'Luật Tiếp công dân: Chủ tịch Ủy ban nhân dân cấp xã trực tiếp tiếp công dân' })}
${textField({ ...f, name: 'hostName', label: 'Họ tên người tiếp (nếu muốn ghi)' })}
${textArea({ ...f, name: 'topics', label: 'Nội dung dự kiến', rows: 3 })}
${textField({ ...f, name: 'validFrom', type: 'date', label: 'Áp dụng từ ngày' })}
${textField({ ...f, name: 'validTo', type: 'date', label: 'Áp dụng đến ngày (để trống nếu chưa định)' })}
${selectField({ ...f, name: 'holidayPolicy', label: 'Khi buổi tiếp trùng ngày nghỉ lễ', placeholder: '— Chọn —', options: Object.entries(HOLIDAY_POLICIES).map(([value, label]) => ({ value, label })) })}
<button type="submit">Lưu lịch tiếp</button>
</form>`;
}

export function changeForm(action: string, values: Values, errors: FieldError[]) {
  const f = { values, errors };
  return html`${errorSummaryBox(errors)}
<form method="post" action="${action}" novalidate>
${selectField({ ...f, name: 'kind', label: 'Thay đổi', placeholder: '— Chọn —', options: [{ value: 'cancelled', label: 'Hủy buổi tiếp' }, { value: 'moved', label: 'Dời sang ngày khác' }, { value: 'host_changed', label: 'Đổi người tiếp' }] })}
${textField({ ...f, name: 'reason', label: 'Lý do', hint: 'Hiện trên trang công khai, ví dụ: Chủ tịch họp đột xuất tại huyện' })}
${textField({ ...f, name: 'newDate', type: 'date', label: 'Ngày mới (khi dời)' })}
${textField({ ...f, name: 'newStartTime', label: 'Giờ bắt đầu mới (nếu đổi)' })}
${textField({ ...f, name: 'newEndTime', label: 'Giờ kết thúc mới (nếu đổi)' })}
${textField({ ...f, name: 'newPlace', label: 'Địa điểm mới (nếu đổi)' })}
${textField({ ...f, name: 'newHostTitle', label: 'Chức vụ người tiếp thay (khi đổi người tiếp)' })}
${textField({ ...f, name: 'newHostName', label: 'Họ tên người tiếp thay' })}
<button type="submit">Lưu thay đổi</button>
</form>`;
}

export function extraForm(action: string, values: Values, errors: FieldError[]) {
  const f = { values, errors };
  return html`${errorSummaryBox(errors)}
<form method="post" action="${action}" novalidate>
${selectField({ ...f, name: 'kind', label: 'Loại buổi tiếp', placeholder: '— Chọn —', options: [{ value: 'unscheduled', label: 'Tiếp đột xuất' }, { value: 'joint', label: 'Tiếp phối hợp với cơ quan khác' }] })}
${textField({ ...f, name: 'date', type: 'date', label: 'Ngày tiếp' })}
${textField({ ...f, name: 'startTime', label: 'Giờ bắt đầu', hint: 'Ví dụ 14:00' })}
${textField({ ...f, name: 'endTime', label: 'Giờ kết thúc' })}
${textField({ ...f, name: 'place', label: 'Địa điểm' })}
${textField({ ...f, name: 'hostTitle', label: 'Chức vụ người tiếp' })}
${textField({ ...f, name: 'hostName', label: 'Họ tên người tiếp (nếu muốn ghi)' })}
${textField({ ...f, name: 'withBodies', label: 'Cơ quan phối hợp (khi tiếp phối hợp)' })}
${textArea({ ...f, name: 'topics', label: 'Nội dung', rows: 3 })}
<button type="submit">Thêm buổi tiếp</button>
</form>`;
}

export function holidayForm(action: string, values: Values, errors: FieldError[]) {
  return html`${errorSummaryBox(errors)}
<form method="post" action="${action}" novalidate>
${textArea({ values, errors, name: 'list', label: 'Danh sách ngày nghỉ', hint: 'Mỗi dòng một ngày: ngày/tháng/năm, dấu cách, tên ngày nghỉ. Ví dụ: 08/02/2024 Tết Nguyên Đán', rows: 16 })}
<button type="submit">Lưu danh sách ngày nghỉ</button>
</form>`;
}
