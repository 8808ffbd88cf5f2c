import { Feed } from 'feed';
import { formatDateTime } from '../../../schema/dates.ts';
import type { Disclosure } from '../../../schema/disclosure.ts';
import { xmlSafe } from '../../../schema/text.ts';
import { absoluteUrl } from './site-url.ts';

/**
 * Atom feeds of published and withdrawn disclosures, written by the `feed` library. The library escapes
 * markup but copies control characters as they are, and one U+0001 in one title makes the
 * whole feed unreadable to every feed reader; xmlSafe over the finished document covers every
 * field, those added later included.
 */
export function disclosureFeed(options: { title: string; path: string; origin: string; publisher: string; items: Disclosure[] }): string {
  const { origin, items } = options;
  const updated = items.map((d) => d.updatedAt).sort().at(-1) ?? '2024-01-01T00:00:00.000Z';
  const feed = new Feed({
    title: options.title,
    id: absoluteUrl(origin, options.path),
    link: absoluteUrl(origin, '/cong-khai/'),
    language: 'vi',
    updated: new Date(updated),
    copyright: options.publisher,
    author: { name: options.publisher },
    feedLinks: { atom: absoluteUrl(origin, options.path) },
  });
  for (const d of items.slice(0, 50)) {
    const url = absoluteUrl(origin, `/cong-khai/${d.slug}/`);
    const title = d.documentNumber ? `${d.title} (${d.documentNumber})` : d.title;
    // A withdrawn item stays in the feed as an update of the same entry (same id), so a reader
    // that showed it learns it was withdrawn and why, instead of it silently disappearing.
    const withdrawn = d.status === 'withdrawn';
    feed.addItem({
      title: withdrawn ? `Đã thu hồi: ${title}` : title,
      id: url,
      link: url,
      description: withdrawn
        ? `Đã thu hồi${d.withdrawnAt ? ` lúc ${formatDateTime(d.withdrawnAt)}` : ''}. Lý do: ${d.withdrawalReason ?? '—'}. Nội dung cũ: ${d.summary}`
        : d.summary,
      date: new Date(d.updatedAt),
      published: new Date(d.publishedAt ?? d.createdAt),
    });
  }
  return xmlSafe(feed.atom1());
}
