import type { FieldError } from '../../schema/core/validation.ts';
import { Form, TextField } from './fields.tsx';
import type { Values } from './form.ts';
import { PUBLISH_NOTE } from './disclosure-pages.tsx';

/** The law's thresholds as the unit applies them (/admin/don-vi/nguong); defaults and sources in schema/unit/democracy-rules.ts. */
export function DemocracyRulesPage(props: { values: Values; errors: FieldError[]; saved?: boolean }) {
  return (
    <>
      <p>
        <a href="/admin/don-vi">← Thông tin đơn vị</a>
      </p>
      <h1>Ngưỡng theo Luật Thực hiện dân chủ ở cơ sở</h1>
      {props.saved && (
        <p class="notice" role="status">
          Đã lưu. {PUBLISH_NOTE}
        </p>
      )}
      <p>Mặc định theo quy định đã đối chiếu; chỉ sửa khi quy chế của đơn vị hoặc văn bản mới quy định khác.</p>
      <p>
        Ngưỡng mới áp dụng cho nội dung Nhân dân quyết định được ghi hoặc công khai từ nay; nội dung đã công khai giữ ngưỡng đã áp dụng khi
        công khai, kết quả không thay đổi.
      </p>
      <Form action="/admin/don-vi/nguong" values={props.values} errors={props.errors}>
        <TextField
          name="quorumPercent"
          label="Tỷ lệ hộ tham dự cuộc họp (%)"
          hint="Cuộc họp chỉ hợp lệ khi số hộ tham dự TRÊN tỷ lệ này của tổng số hộ thôn, tổ dân phố. Mặc định 50."
        />
        <TextField
          name="passPercent"
          label="Tỷ lệ hộ tán thành (%)"
          hint="Chỉ được thông qua khi số hộ tán thành TRÊN tỷ lệ này của TỔNG SỐ hộ (không phải số tham dự). Mặc định 50."
        />
        <TextField
          name="consultationMinDays"
          label="Thời gian lấy ý kiến tối thiểu (ngày)"
          hint="Điều 28 Luật Thực hiện dân chủ ở cơ sở: ít nhất 20 ngày. Nhập 0 để không kiểm tra."
        />
        <TextField
          name="resultDueDays"
          label="Hạn công bố kết quả tiếp thu, giải trình (số ngày sau khi kết thúc lấy ý kiến)"
          hint="Theo quy chế thực hiện dân chủ của đơn vị; mặc định của cổng là 30."
        />
        <TextField
          name="inspectionBoardMinMembers"
          label="Số thành viên tối thiểu Ban thanh tra nhân dân"
          hint="Điều 36 Luật Thực hiện dân chủ ở cơ sở: không ít hơn 05."
        />
        <TextField
          name="investmentBoardMinMembers"
          label="Số thành viên tối thiểu Ban giám sát đầu tư của cộng đồng"
          hint="Nhập 0 nếu không quy định."
        />
        <TextField
          name="boardTermMaxMonths"
          label="Nhiệm kỳ tối đa của ban (tháng)"
          hint="Theo nhiệm kỳ Trưởng thôn, Tổ trưởng tổ dân phố: 30 hoặc 60 tháng."
        />
        <button>Lưu</button>
      </Form>
    </>
  );
}
