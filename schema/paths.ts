import type { Attachment } from './db/attachments.ts';
import type { Disclosure } from './disclosure.ts';

/**
 * Public addresses of the citizen site, in one place: the site links with them, the API
 * answers with them, the publisher names pages by them.
 */

/** The public page of a disclosure: `/cong-khai/ke-hoach-so-12/`. */
export const disclosurePath = (d: Pick<Disclosure, 'slug'>) => `/cong-khai/${d.slug}/`;

/** An attachment, served by the Worker from R2: `/tep/12/ke-hoach.pdf`. */
export const attachmentPath = (a: Pick<Attachment, 'id' | 'fileName'>) => `/tep/${a.id}/${encodeURIComponent(a.fileName)}`;
