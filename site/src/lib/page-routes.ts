/**
 * The route a page module of site/src/pages serves, from its file as import.meta.glob names it
 * from pages/noi-bo/: '../cong-khai/[slug]/index.astro' → '/cong-khai/[slug]/';
 * '../cong-khai.xml.ts' → '/cong-khai.xml'. The two listings of paths for the publish consumer
 * (noi-bo/duong-dan.json, noi-bo/duong-dan-tinh.json) share it.
 */
export function routeOf(file: string): string {
  const path = file.replace(/^\.\.\//, '/');
  if (path.endsWith('.astro')) {
    const page = path.replace(/\.astro$/, '').replace(/(^|\/)index$/, '$1');
    return page.endsWith('/') ? page : `${page}/`;
  }
  return path.replace(/\.ts$/, '');
}
