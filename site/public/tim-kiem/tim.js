// Static search over every published item with Pagefind: nothing is sent to a server but
// requests for the index's own files. The index folds đ to d (scripts/post-build.ts), and
// Pagefind folds the other diacritics, so "quy hoach" finds "quy hoạch".
const form = document.getElementById('tim-kiem');
const input = document.getElementById('q');
const status = document.getElementById('trang-thai');
const list = document.getElementById('ket-qua');
let pagefind;
let latest = 0;

// Folding for comparing words only: what citizens read is always the item's own text.
const fold = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();

/** The summary as text nodes, with the words that match a query word marked. */
function highlighted(text, words) {
  const out = document.createDocumentFragment();
  for (const part of text.split(/(\s+)/)) {
    const bare = fold(part).replace(/[^\p{L}\p{N}/-]/gu, '');
    if (bare && words.some((w) => bare.startsWith(w))) {
      const mark = document.createElement('mark');
      mark.textContent = part;
      out.append(mark);
    } else out.append(part);
  }
  return out;
}

/**
 * Items holding every word first, then those holding some, most words first: "đất đai" still
 * finds a notice about "đất" that never says "đai". Pagefind alone requires every word.
 */
async function ranked(q, words) {
  const all = await pagefind.search(q);
  const seen = new Map(all.results.map((r, i) => [r.id, { r, hits: words.length, order: i }]));
  if (words.length > 1) {
    const each = await Promise.all(words.map((w) => pagefind.search(w)));
    each.forEach((found) => {
      for (const r of found.results) {
        const known = seen.get(r.id);
        if (!known) seen.set(r.id, { r, hits: 1, order: 1e6 + r.score * -1 });
        else if (known.hits < words.length) known.hits++;
      }
    });
  }
  const list = [...seen.values()].sort((a, b) => b.hits - a.hits || a.order - b.order);
  return { list, full: all.results.length };
}

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
  const words = [...new Set(fold(q).split(/\s+/).filter(Boolean))];
  const { list: found, full } = await ranked(q, words);
  const results = await Promise.all(found.slice(0, 30).map(async (f) => ({ ...(await f.r.data()), partial: f.hits < words.length })));
  if (ticket !== latest) return;
  const partial = found.length - full;
  status.textContent = !found.length
    ? `Không tìm thấy kết quả nào cho "${q}".`
    : partial > 0
      ? `Tìm thấy ${full} kết quả có đủ các từ "${q}" và ${partial} kết quả có một phần.`
      : `Tìm thấy ${full} kết quả cho "${q}".`;
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
    meta.textContent = [r.meta.kind, r.meta.info, r.partial ? 'có một phần từ cần tìm' : ''].filter(Boolean).join(' · ');
    const excerpt = document.createElement('p');
    excerpt.append(highlighted(r.meta.summary ?? '', words));
    li.append(h, meta, excerpt);
    list.append(li);
  }
}

// The script runs: the note for browsers where it cannot is not needed.
document.getElementById('khong-chay')?.setAttribute('hidden', '');

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
