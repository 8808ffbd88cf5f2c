import { formatDateTime } from '../../schema/dates.ts';
import { BUILD_GRACE_MINUTES, RETRY_DELAYS_MINUTES, type PublishState, type SiteStamp } from '../../schema/publish-state.ts';

/**
 * The admin home's publish panel: when the citizen site last took a change, the last failure
 * and why, when the next try is due, and the rows the last build had to leave out. An official
 * who saved something can tell from here whether citizens see it.
 */
export function PublishPanel(props: { state: PublishState; stamp: SiteStamp | null; behind: boolean }) {
  const s = props.state;
  const { stamp, behind } = props;
  const when = (at: string) => <time datetime={at}>{formatDateTime(at)}</time>;
  const failing = s.pendingScope !== null && s.lastFailureAt !== null;
  // The rows the served build left out, from its own stamp: the build writes nothing to D1.
  const left = stamp?.unpublishable ?? [];
  return (
    <section class={failing || behind || left.length ? 'warning' : 'notice'} aria-labelledby="xuat-ban">
      <h2 id="xuat-ban">Xuất bản trang công khai</h2>
      <dl>
        <dt>Lần xuất bản thành công gần nhất</dt>
        <dd>{s.lastSuccessAt ? when(s.lastSuccessAt) : 'chưa có'}</dd>
        <dt>Trang công khai đang phục vụ</dt>
        <dd>{stamp ? <>bản dựng từ dữ liệu lúc {when(stamp.readAt)}</> : 'chưa đọc được thời điểm dựng của bản đang phục vụ'}</dd>
        {behind && s.lastSuccessAt && (
          <>
            <dt>Trang chưa được dựng lại</dt>
            <dd>
              Máy chủ xuất bản đã nhận yêu cầu lúc {when(s.lastSuccessAt)}, nhưng sau hơn {BUILD_GRACE_MINUTES} phút trang công khai vẫn là bản cũ: lần dựng
              trang có thể đã lỗi. Những thay đổi đã lưu vẫn còn. Người phụ trách kỹ thuật cần xem nhật ký dựng trang (Workers Builds) trên Cloudflare.
            </dd>
          </>
        )}
        {s.lastFailureAt && (
          <>
            <dt>Lần lỗi gần nhất</dt>
            <dd>
              {when(s.lastFailureAt)}: {s.lastFailureReason ?? '—'}
            </dd>
          </>
        )}
        {failing && s.nextTryAt && (
          <>
            <dt>Thử lại</dt>
            <dd>
              lúc {when(s.nextTryAt)} (đã lỗi {s.attempts} lần liền; hệ thống tự thử lại sau {RETRY_DELAYS_MINUTES.slice(0, -1).join(', ')} phút rồi mỗi {RETRY_DELAYS_MINUTES.at(-1)} phút, và
              xuất bản lại toàn bộ lúc 00:05 hằng ngày). Những thay đổi đã lưu vẫn còn; trang công khai sẽ cập nhật khi xuất bản được.
            </dd>
          </>
        )}
      </dl>
      {stamp && left.length > 0 && (
        <>
          <h3>Không xuất bản được</h3>
          <p>
            Lần xây dựng trang lúc {when(stamp.readAt)} đã bỏ qua {left.length} nội dung vì dữ liệu
            không hợp lệ; các trang khác vẫn được xuất bản. Hãy mở từng nội dung, sửa rồi lưu lại.
          </p>
          <ul>
            {left.map((row) => (
              <li>
                Không xuất bản được: <a href={`/admin/cong-khai/${row.id}`}>nội dung số {row.id} ({row.slug})</a>: {row.reason}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
