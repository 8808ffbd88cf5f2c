import type { Attachment } from './db/attachments.ts';
import type { Disclosure } from './disclosure.ts';

/**
 * Public addresses of the citizen site, in one place: the site links with them, the API
 * answers with them, the publisher names pages by them.
 */

/**
 * Path segments the site itself uses directly under `/cong-khai/` (the folders of
 * site/src/pages/cong-khai/ other than `[slug]`): list pages `/cong-khai/trang/2/` and
 * category pages `/cong-khai/danh-muc/ngan-sach/`. A disclosure with one of these as its slug
 * would have its page overwritten by the site's. tests/schema/paths.test.ts checks this list
 * against the folders.
 */
export const RESERVED_DISCLOSURE_SLUGS: readonly string[] = ['trang', 'danh-muc'];

/** The public page of a disclosure: `/cong-khai/ke-hoach-so-12/`. */
export const disclosurePath = (d: Pick<Disclosure, 'slug'>) => `/cong-khai/${d.slug}/`;

/** An attachment, served by the Worker from R2: `/tep/12/ke-hoach.pdf`. */
export const attachmentPath = (a: Pick<Attachment, 'id' | 'fileName'>) => `/tep/${a.id}/${encodeURIComponent(a.fileName)}`;

/** Decisions by the people: `/nhan-dan-quyet-dinh/hop-dan-ban-muc-dong-gop/`. */
export const decisionPath = (d: { slug: string }) => `/nhan-dan-quyet-dinh/${d.slug}/`;
/** A supervision board or team: `/giam-sat/ban-thanh-tra-nhan-dan/`. */
export const boardPath = (b: { slug: string }) => `/giam-sat/${b.slug}/`;
/** One activity of a board (a plan, or findings with the commune's responses). */
export const activityPath = (a: { slug: string }) => `/giam-sat/hoat-dong/${a.slug}/`;

/** A consultation's page (Nhân dân tham gia ý kiến). */
export const consultationPath = (c: { slug: string }) => `/lay-y-kien/${c.slug}/`;
