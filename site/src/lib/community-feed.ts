import { Feed } from 'feed';
import { formatDateTime } from '../../../schema/dates.ts';
import { xmlSafe } from '../../../schema/text.ts';
import { absoluteUrl } from './site-url.ts';

/**
 * An Atom feed of public records of the people's pillars (decisions, supervision), newest
 * first. A withdrawn record stays as an updated entry marked "Đã thu hồi" with its reason.
 */
export function recordFeed(options: {
  title: string;
  path: string;
  listPath: string;
  origin: string;
  publisher: string;
  items: {
    url: string;
    title: string;
    summary: string;
    updatedAt: string;
    publishedAt: string | null;
    createdAt: string;
    status: string;
    withdrawnAt: string | null;
    withdrawalReason: string | null;
  }[];
}): string {
  const { origin, items } = options;
  const updated = items.map((d) => d.updatedAt).sort().at(-1) ?? '2024-01-01T00:00:00.000Z';
  const feed = new Feed({
    title: options.title,
    id: absoluteUrl(origin, options.path),
    link: absoluteUrl(origin, options.listPath),
    language: 'vi',
    updated: new Date(updated),
    copyright: options.publisher,
    author: { name: options.publisher },
    feedLinks: { atom: absoluteUrl(origin, options.path) },
  });
  for (const d of items.slice(0, 50)) {
    const url = absoluteUrl(origin, d.url);
    const withdrawn = d.status === 'withdrawn';
    feed.addItem({
      title: withdrawn ? `Đã thu hồi: ${d.title}` : d.title,
      id: url,
      link: url,
      description: withdrawn ? `Đã thu hồi${d.withdrawnAt ? ` lúc ${formatDateTime(d.withdrawnAt)}` : ''}. Lý do: ${d.withdrawalReason ?? '—'}. Nội dung cũ: ${d.summary}` : d.summary,
      date: new Date(d.updatedAt),
      published: new Date(d.publishedAt ?? d.createdAt),
    });
  }
  // Control characters would make the whole feed unreadable (see atom.ts).
  return xmlSafe(feed.atom1());
}
