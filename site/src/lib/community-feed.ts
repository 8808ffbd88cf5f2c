import { Feed } from 'feed';
import { xmlSafe } from '../../../schema/text.ts';
import { absoluteUrl } from './site-url.ts';

/** An Atom feed of published records of the people's pillars (decisions, supervision), newest first. */
export function recordFeed(options: {
  title: string;
  path: string;
  listPath: string;
  origin: string;
  publisher: string;
  items: { url: string; title: string; summary: string; updatedAt: string; publishedAt: string | null; createdAt: string }[];
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
    feed.addItem({ title: d.title, id: url, link: url, description: d.summary, date: new Date(d.updatedAt), published: new Date(d.publishedAt ?? d.createdAt) });
  }
  // Control characters would make the whole feed unreadable (see atom.ts).
  return xmlSafe(feed.atom1());
}
