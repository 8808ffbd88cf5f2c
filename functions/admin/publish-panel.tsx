import { formatDateTime } from '../../schema/core/dates.ts';
import { jobSeconds, jobStatus, type FailedPath, type PublishJob } from '../../schema/publishing/publish-jobs.ts';

/**
 * The admin home's publish panel: whether the citizen pages already show the last change
 * ("Đã công khai" only once every page of its job is stored, with the measured time), what is
 * still being published, and what could not be (a failed job, the pages a job skipped and why).
 * An official who saved something can tell from here whether citizens see it.
 */
export function PublishPanel(props: { jobs: PublishJob[]; failed: FailedPath[] }) {
  const { jobs, failed } = props;
  const when = (at: string) => <time datetime={at}>{formatDateTime(at)}</time>;
  const latest = jobs[0];
  const lastDone = jobs.find((j) => jobStatus(j) === 'done');
  const lastFailure = jobs.find((j) => j.failure);
  const warn = (latest && jobStatus(latest) === 'failed') || failed.length > 0;
  return (
    <section class={warn ? 'warning' : 'notice'} aria-labelledby="xuat-ban">
      <h2 id="xuat-ban">Xuất bản trang công khai</h2>
      <dl>
        <dt>Lần gần nhất</dt>
        <dd>
          {!latest && 'chưa có'}
          {latest && jobStatus(latest) === 'queued' && <>đang chờ xuất bản (yêu cầu lúc {when(latest.requestedAt)})</>}
          {latest && jobStatus(latest) === 'running' && (
            <>
              đang xuất bản: {latest.pagesDone}/{latest.pagesTotal} trang (yêu cầu lúc {when(latest.requestedAt)})
            </>
          )}
          {latest && jobStatus(latest) === 'done' && (
            <>
              Đã công khai lúc {when(latest.finishedAt!)}: {latest.pagesTotal} trang, mất {jobSeconds(latest)?.toLocaleString('vi-VN')} giây
              kể từ khi lưu
            </>
          )}
          {latest && jobStatus(latest) === 'failed' && <>không xuất bản được (yêu cầu lúc {when(latest.requestedAt)})</>}
        </dd>
        {lastDone && lastDone !== latest && (
          <>
            <dt>Lần công khai xong gần nhất</dt>
            <dd>{when(lastDone.finishedAt!)}</dd>
          </>
        )}
        {lastFailure && (
          <>
            <dt>Lần lỗi gần nhất</dt>
            <dd>
              {when(lastFailure.requestedAt)}: {lastFailure.failure}
            </dd>
          </>
        )}
      </dl>
      {failed.length > 0 && (
        <>
          <h3>Không xuất bản được</h3>
          <p>
            Lần xuất bản gần nhất đã bỏ qua {failed.length} trang; các trang khác vẫn được xuất bản. Hãy mở từng nội dung, sửa rồi lưu lại.
          </p>
          <ul>
            {failed.map((f) => (
              <li>
                Không xuất bản được: <a href={f.path}>{f.path}</a>: {f.reason}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
