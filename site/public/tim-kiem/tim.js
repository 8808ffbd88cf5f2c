// Static search over every published item with Pagefind: nothing is sent to a server but
// requests for the index's own files. The index folds đ to d (scripts/post-build.ts), and
// Pagefind folds the other diacritics, so "dang ky" finds "đăng ký".
const form = document.getElementById('tim-kiem');
const input = document.getElementById('q');
const status = document.getElementById('trang-thai');
const list = document.getElementById('ket-qua');
let pagefind;
let latest = 0;

// Pagefind marks matches with <mark>; anything else in an excerpt is dropped before display.
const safeExcerpt = (html) => html.replace(/<(?!\/?mark>)[^>]*>/g, '');

async function search(query) {
  const q = query.normalize('NFC').trim();
  const ticket = ++latest;
  list.replaceChildren();
  if (!q) {
    status.textContent = '';
    return;
  }
  status.textContent = 'Đang tìm…';
  pagefind ??= await import('/pagefind/pagefind.js');
  const found = await pagefind.search(q);
  const results = await Promise.all(found.results.slice(0, 30).map((r) => r.data()));
  if (ticket !== latest) return;
  status.textContent = results.length ? `Tìm thấy ${found.results.length} kết quả cho "${q}".` : `Không tìm thấy kết quả nào cho "${q}".`;
  for (const r of results) {
    const li = document.createElement('li');
    li.className = 'item';
    const h = document.createElement('h2');
    h.className = 'item-title';
    const a = document.createElement('a');
    a.href = r.url;
    a.textContent = r.meta.title;
    h.append(a);
    const meta = document.createElement('p');
    meta.className = 'meta';
    meta.textContent = [r.meta.kind, r.meta.info].filter(Boolean).join(' · ');
    const excerpt = document.createElement('p');
    excerpt.innerHTML = safeExcerpt(r.excerpt);
    li.append(h, meta, excerpt);
    list.append(li);
  }
}

let timer;
input.addEventListener('input', () => {
  clearTimeout(timer);
  timer = setTimeout(() => search(input.value), 200);
});
form.addEventListener('submit', (event) => {
  event.preventDefault();
  history.replaceState(null, '', `?q=${encodeURIComponent(input.value)}`);
  search(input.value);
});
const initial = new URLSearchParams(location.search).get('q');
if (initial) {
  input.value = initial;
  search(initial);
}
