import type { Context } from 'hono';
import { getUnit } from '../../schema/unit/unit.db.ts';
import { mayPublish } from '../../schema/accounts/review.ts';
import type { AppEnv } from '../env.ts';
import { ConfirmPage } from './confirm.tsx';
import { PUBLISH_NOTE } from './disclosure-pages.tsx';

/**
 * The confirmation before a draft is published, shared by every kind of record (disclosures,
 * decisions by the people, supervision boards and activities, consultations): what becomes
 * public, that it cannot be deleted afterwards, one "Công khai" button, one link back.
 */

/** Whether the signed-in official may publish an item they wrote themselves (role, and four eyes). */
export async function mayPublishOwn(c: Context<AppEnv>): Promise<boolean> {
  const account = c.get('account');
  const unit = await getUnit(c.env.DB);
  return mayPublish({ accountId: account.id, role: account.role }, { lastEditorId: account.id }, unit?.fourEyes ?? false).ok;
}

/** Said on the confirmation when "Lưu và công khai" has just stored the item as a draft. */
export const SAVED_AS_DRAFT = (where: string) => `Đã lưu thành bản nháp; chưa công khai. Nếu quay lại, bản nháp vẫn còn trong ${where}.`;

export function PublishConfirmPage(props: {
  /** The record's name as officials know it. */
  label: string;
  /** Where the confirmed POST goes. */
  action: string;
  version: string | number;
  /** The draft's page: "Quay lại, không làm gì". */
  back: string;
  /** A first line when the draft was just stored (SAVED_AS_DRAFT, or the disclosure's own with its files). */
  saved?: string;
}) {
  return (
    <ConfirmPage
      title={`Công khai “${props.label}”?`}
      lines={[
        ...(props.saved ? [props.saved] : []),
        `Mọi người dân sẽ đọc được nội dung này trên trang công khai. ${PUBLISH_NOTE}`,
        'Nội dung đã công khai không xóa được: về sau chỉ sửa được (kèm lý do, hiện công khai) hoặc thu hồi (kèm lý do).',
      ]}
      action={props.action}
      values={{ version: String(props.version) }}
      button="Công khai"
      back={props.back}
    />
  );
}
