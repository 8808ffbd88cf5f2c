import { formatDateTime } from '../../../schema/core/dates.ts';
import type { Disclosure } from '../../../schema/disclosure/disclosure.ts';
import { disclosurePath } from '../../../schema/publishing/paths.ts';
import { xmlSafe } from '../../../schema/core/text.ts';
import { absoluteUrl } from './site-url.ts';

/**
 * The one Atom writer (RFC 4287) of every feed: disclosures, decisions, supervision and
 * consultations. Every text is escaped as character data, never wrapped in CDATA: the `feed`
 * library this replaced split only the first "]]>" of a title, so a title with two made
 * /cong-khai.xml unreadable and another injected a <link> of its choice (issue 22.10).
 * xmlSafe turns characters XML 1.0 cannot carry (U+0001, NUL, lone surrogates) into U+FFFD:
 * one of them in one title makes the whole feed unreadable to every feed reader.
 */

/** The feed title's mark while the unit shows illustration data (issue 21.7), as every page's banner says. */
const DEMO_MARK = 'Dữ liệu minh họa';

export interface AtomEntry {
  /** Site path of the entry's page; also its permanent id. */
  path: string;
  title: string;
  summary: string;
  updatedAt: string;
  publishedAt: string;
}

export interface AtomFeed {
  title: string;
  /** The feed's own path ("/cong-khai.xml"). */
  path: string;
  /** The page that lists the same items ("/cong-khai/"). */
  listPath: string;
  origin: string;
  publisher: string;
  /** The unit's demo mode: the feed title says the data are an illustration. */
  demo: boolean;
  /** Newest first; the first 50 are written. */
  entries: AtomEntry[];
}

/** Text as XML character data: markup and "]]>" stay text, whatever a title holds. */
const text = (value: string) => xmlSafe(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const instant = (iso: string) => new Date(iso).toISOString();

export function atomFeed(feed: AtomFeed): string {
  const self = absoluteUrl(feed.origin, feed.path);
  const updated = feed.entries.map((e) => instant(e.updatedAt)).sort().at(-1) ?? '2024-01-01T00:00:00.000Z';
  const title = feed.demo ? `${DEMO_MARK} – ${feed.title}` : feed.title;
  const entries = feed.entries.slice(0, 50).map((e) => {
    const url = text(absoluteUrl(feed.origin, e.path));
    return [
      '  <entry>',
      `    <title type="text">${text(e.title)}</title>`,
      `    <id>${url}</id>`,
      `    <link href="${url}"/>`,
      `    <updated>${instant(e.updatedAt)}</updated>`,
      `    <published>${instant(e.publishedAt)}</published>`,
      `    <summary type="text">${text(e.summary)}</summary>`,
      '  </entry>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="vi">',
    `  <id>${text(self)}</id>`,
    `  <title type="text">${text(title)}</title>`,
    `  <updated>${updated}</updated>`,
    `  <link rel="alternate" href="${text(absoluteUrl(feed.origin, feed.listPath))}"/>`,
    `  <link rel="self" type="application/atom+xml" href="${text(self)}"/>`,
    `  <author><name>${text(feed.publisher)}</name></author>`,
    `  <rights>${text(feed.publisher)}</rights>`,
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}

/** What a published or withdrawn record needs to be an entry. */
export interface PublicRecord {
  path: string;
  title: string;
  summary: string;
  status: string;
  updatedAt: string;
  publishedAt: string | null;
  createdAt: string;
  withdrawnAt: string | null;
  withdrawalReason: string | null;
}

/**
 * A record's entry. A withdrawn record stays in the feed as an update of the same entry (same
 * id), so a reader that showed it learns it was withdrawn and why, instead of it silently disappearing.
 */
export function recordEntry(r: PublicRecord): AtomEntry {
  const withdrawn = r.status === 'withdrawn';
  return {
    path: r.path,
    title: withdrawn ? `Đã thu hồi: ${r.title}` : r.title,
    summary: withdrawn ? `Đã thu hồi${r.withdrawnAt ? ` lúc ${formatDateTime(r.withdrawnAt)}` : ''}. Lý do: ${r.withdrawalReason ?? '—'}. Nội dung cũ: ${r.summary}` : r.summary,
    updatedAt: r.updatedAt,
    publishedAt: r.publishedAt ?? r.createdAt,
  };
}

/** A disclosure's entry: its title with its document number. */
export const disclosureEntry = (d: Disclosure): AtomEntry =>
  recordEntry({ ...d, path: disclosurePath(d), title: d.documentNumber ? `${d.title} (${d.documentNumber})` : d.title });
