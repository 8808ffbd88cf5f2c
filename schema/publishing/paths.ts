import type { Consultation, DraftDocument } from '../consultation/consultation.ts';
import type { Attachment } from '../disclosure/attachments.db.ts';
import { MATTER_SLUGS, type DECISION_MATTERS } from '../community/decision.ts';
import type { Disclosure } from '../disclosure/disclosure.ts';
import { periodKey, type Period } from '../statistics/period.ts';

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

/** Where citizens download a consultation's draft document (a Worker route under /tep/), or null without one. */
export const draftDocumentPath = (c: Pick<Consultation, 'id'> & { draftDocument: DraftDocument | null }) =>
  c.draftDocument ? `/tep/y-kien/${c.id}/${encodeURIComponent(c.draftDocument.fileName)}` : null;

/** The list of every disclosure, whose later pages {@link listPagePath} numbers. */
export const DISCLOSURES_PATH = '/cong-khai/';

/** A disclosure category's list: `/cong-khai/danh-muc/ngan-sach/`. */
export const categoryPath = (c: { slug: string }) => `/cong-khai/danh-muc/${c.slug}/`;
/** A disclosure category's Atom feed: `/cong-khai/danh-muc/ngan-sach.xml`. */
export const categoryFeedPath = (c: { slug: string }) => `/cong-khai/danh-muc/${c.slug}.xml`;

/**
 * Page `n` of a paged list whose own URL `base` shows the newest items: pages are numbered from
 * the oldest (site/src/lib/paging.ts), so `listPagePath('/cong-khai/', 1)` is
 * `/cong-khai/trang/1/`, the oldest twenty.
 */
export const listPagePath = (base: string, n: number) => `${listPagesPrefix(base)}${n}/`;
/** What every numbered page of the list `base` starts with. */
export const listPagesPrefix = (base: string) => `${base}trang/`;

/** The list of decisions on one matter: `/nhan-dan-quyet-dinh/noi-dung/huong-uoc-quy-uoc/`. */
export const decisionMatterPath = (matter: keyof typeof DECISION_MATTERS) => `/nhan-dan-quyet-dinh/noi-dung/${MATTER_SLUGS[matter]}/`;

/** The administrative-procedure results of one period (Biểu 06): `/thong-ke/thu-tuc-hanh-chinh/2026-q1/`. */
export const procedureReportPath = (period: Period) => `/thong-ke/thu-tuc-hanh-chinh/${periodKey(period)}/`;

/** An open data set in one format: `/du-lieu/cong-khai.csv`, `/du-lieu/cong-khai.schema.json`. */
export const datasetPath = (key: string, format: 'csv' | 'json' | 'schema.json') => `/du-lieu/${key}.${format}`;

/** A widget another site embeds in an iframe: `/nhung/lich-tiep-cong-dan/`. */
export const embedPath = (key: string) => `/nhung/${key}/`;

/** The search page, rendered live (functions/worker.ts). */
export const SEARCH_PAGE = '/tim-kiem/';
/** Search results: `/tim-kiem/?q=ngân%20sách&trang=2` (page 1 has no `trang`). */
export const searchPath = (q: string, page = 1) => `${SEARCH_PAGE}?q=${encodeURIComponent(q)}${page > 1 ? `&trang=${page}` : ''}`;

/** The reception calendar page and its iCalendar feed. */
export const RECEPTION_CALENDAR_PATH = '/lich-tiep-cong-dan/';
export const RECEPTION_FEED_PATH = '/lich-tiep-cong-dan.ics';
/** The id of a date's first session on the calendar page: `buoi-2026-12-03`. */
export const receptionSessionAnchor = (date: string) => `buoi-${date}`;
/** A link to a date's sessions on the calendar page: `/lich-tiep-cong-dan/#buoi-2026-12-03`. */
export const receptionSessionPath = (date: string) => `${RECEPTION_CALENDAR_PATH}#${receptionSessionAnchor(date)}`;
/** One session's own .ics file, by its file name: `/lich-tiep-cong-dan/buoi/tiep-cong-dan-2026-12-03.ics`. */
export const receptionSessionIcsPath = (fileName: string) => `${RECEPTION_CALENDAR_PATH}buoi/${fileName}`;
