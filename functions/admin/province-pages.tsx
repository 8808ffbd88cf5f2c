import type { Commune } from '../../schema/province/communes.ts';
import { COMMUNE_KIND_LABELS } from '../../schema/province/communes.ts';
import { formatDateTime } from '../../schema/core/dates.ts';
import type { Account } from '../../schema/accounts/accounts.db.ts';
import type { PublishState } from '../../schema/publishing/publish-jobs.db.ts';

/** A commune's row on the province administrator's home; `state` is null when its database could not be read. */
export interface CommunePublishRow {
  commune: Commune;
  /** Where the commune's pages are (its main host). */
  origin: string;
  state: PublishState | null;
}

const when = (at: string) => <time datetime={at}>{formatDateTime(at)}</time>;

/**
 * The province administrator's home: every commune with whether its citizen pages are up to date
 * (last publish finished, jobs waiting, jobs the queue gave up on since), a link to its row of the
 * disclosure-duty board, and to its portal. Read from each commune's own database.
 */
export function ProvinceHomePage(props: { admin: Account; provinceName: string | null; rows: CommunePublishRow[] }) {
  const troubled = props.rows.filter((r) => !r.state || r.state.failedSinceLastFinished > 0).length;
  return (
    <>
      <h1>Quản trị của tỉnh{props.provinceName ? `: ${props.provinceName}` : ''}</h1>
      <p>Đăng nhập: {props.admin.displayName} (quản trị viên tỉnh).</p>
      <form method="post" action="/admin/dang-xuat">
        <button class="secondary">Đăng xuất</button>
      </form>
      <p>
        <a href="/nghia-vu-cong-khai/">Bảng nghĩa vụ công khai của các xã, phường</a> · <a href="/">Trang của tỉnh</a>
      </p>
      <p class={troubled ? 'warning' : 'notice'} role="status">
        {props.rows.length} xã, phường, đặc khu;{' '}
        {troubled ? `${troubled} đơn vị có lần xuất bản lỗi hoặc không đọc được dữ liệu.` : 'không đơn vị nào có lần xuất bản lỗi.'}
      </p>
      <table>
        <caption>Tình trạng xuất bản trang công khai của từng xã, phường</caption>
        <thead>
          <tr>
            <th scope="col">Đơn vị</th>
            <th scope="col">Công khai xong gần nhất</th>
            <th scope="col">Đang chờ xuất bản</th>
            <th scope="col">Lỗi từ lần xong gần nhất</th>
            <th scope="col">Nghĩa vụ công khai</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map(({ commune, origin, state }) => (
            <tr>
              <th scope="row">
                <a href={`${origin}/`}>{commune.name}</a>
                <br />
                <small>
                  {COMMUNE_KIND_LABELS[commune.kind]} · mã {commune.code ?? '—'}
                  {commune.illustration ? ' · minh họa' : ''}
                </small>
              </th>
              {state ? (
                <>
                  <td>{state.lastFinishedAt ? when(state.lastFinishedAt) : 'chưa có'}</td>
                  <td>{state.pending}</td>
                  <td>
                    {state.failedSinceLastFinished}
                    {state.lastFailure && state.failedSinceLastFinished > 0 && (
                      <>
                        {' '}
                        (gần nhất {when(state.lastFailure.at)}: {state.lastFailure.reason})
                      </>
                    )}
                  </td>
                </>
              ) : (
                <td colspan={3}>Không đọc được cơ sở dữ liệu của đơn vị này; hãy kiểm tra cấu hình D1 của tỉnh.</td>
              )}
              <td>
                <a href={`/nghia-vu-cong-khai/${commune.slug}/`}>Xem nghĩa vụ công khai</a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
