import type { Context } from 'hono';
import type { PropsWithChildren } from 'hono/jsx';
import { html } from 'hono/html';
import { jsxRenderer } from 'hono/jsx-renderer';
import type { Account } from '../../schema/accounts/accounts.db.ts';
import type { AppEnv } from '../env.ts';
import { hasRole } from './roles.tsx';

/** The frame of every admin page: head, skip link, navigation, who is signed in, logout. */

declare module 'hono' {
  interface ContextRenderer {
    (content: string | Promise<string>, head: PageHead): Response | Promise<Response>;
  }
}

interface PageHead {
  title: string;
  /** A rejected form: the title starts with "Lỗi – " so a screen reader hears it first (GOV.UK). */
  hasErrors?: boolean;
}

// One small stylesheet, inline: the admin is used on old PCs and phones on slow links, and
// the Content-Security-Policy allows no other origin.
const CSS = `
*{box-sizing:border-box}
body{margin:0;font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1b1b1b;background:#f6f6f4}
a{color:#0b4f9c}
a:focus,button:focus,input:focus,select:focus,textarea:focus,summary:focus{outline:3px solid #f2b705;outline-offset:1px}
.skip{position:absolute;left:-999px}.skip:focus{left:0;background:#fff;padding:.5rem}
header{background:#8b1a1a;color:#fff;padding:.6rem 1rem}header a{color:#fff}
header nav{display:flex;flex-wrap:wrap;gap:.25rem 1rem;font-size:.95rem}
header nav a[aria-current]{font-weight:700;text-decoration-thickness:3px}
.menu{display:none}.menu summary{cursor:pointer;font-weight:600;padding:.3rem .6rem;border:2px solid #fff;border-radius:3px;list-style:none}
.menu summary::-webkit-details-marker{display:none}.menu summary::after{content:" ▾"}.menu[open] summary::after{content:" ▴"}
.menu nav{display:grid;grid-template-columns:1fr 1fr;gap:0 .75rem;padding:.4rem 0 .2rem}
.menu nav a{padding:.35rem 0}.menu nav form{grid-column:1/-1}
@media (max-width:40rem){
header{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:.3rem;padding:.4rem .75rem;font-size:.95rem}
header .wide{display:none}.menu{display:block}.menu[open]{flex-basis:100%}
}
main{max-width:46rem;margin:0 auto;padding:1rem}h1{font-size:1.5rem;line-height:1.25}
label,legend{display:block;font-weight:600;margin-top:1rem}
.hint{color:#555;font-size:.9rem;margin:.1rem 0 .3rem}
input[type=text],input[type=email],input[type=password],input[type=date],select,textarea{
  width:100%;font:inherit;padding:.45rem;border:2px solid #555;border-radius:3px;background:#fff}
textarea{min-height:7rem}fieldset{border:0;padding:0;margin:0}
.check{display:flex;gap:.5rem;align-items:flex-start;margin:.3rem 0;font-weight:400}
.check input{width:1.3rem;height:1.3rem;margin-top:.15rem}.check label{margin:0;font-weight:400}
.field-error input,.field-error select,.field-error textarea{border-color:#b00020}
.error-message{color:#b00020;font-weight:600;margin:.2rem 0}
.error-summary{border:4px solid #b00020;padding:.75rem 1rem;background:#fff}
.error-summary h2{margin:.2rem 0;font-size:1.15rem}
.notice{border-left:6px solid #1d7a3a;background:#fff;padding:.6rem 1rem}
.warning{border-left:6px solid #b36b00;background:#fff;padding:.6rem 1rem}
button,.button{font:inherit;font-weight:600;padding:.55rem 1rem;border:0;border-radius:3px;background:#1d5fa8;color:#fff;
  cursor:pointer;margin:.75rem .5rem 0 0;text-decoration:none;display:inline-block}
button.secondary{background:#e4e4e4;color:#1b1b1b}button.danger{background:#b00020}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{text-align:left;padding:.45rem;border-bottom:1px solid #ccc;vertical-align:top}
.list-item{background:#fff;border:1px solid #ccc;padding:.6rem .8rem;margin:.5rem 0}
.status{font-size:.85rem;font-weight:600;padding:0 .35rem;border-radius:3px;background:#e4e4e4}
.entry input{width:auto;min-width:4.5rem;padding:.3rem;border:1px solid #555}
.entry td.field-error input{border:2px solid #b00020}.table-scroll{overflow-x:auto}
.status-published{background:#d6efdc}.status-withdrawn{background:#f6d6d6}.inline{display:inline}
.logout{margin:0;padding:.1rem .5rem}
.hash{overflow-wrap:anywhere}.attachments{padding-left:1.2rem}.attachment{margin:.6rem 0}
.pending{border:3px solid #b36b00;background:#fff;padding:.2rem 1rem;margin:1rem 0}
code,td,li,p,dd,summary{overflow-wrap:anywhere}input.date{max-width:11rem}
.scroll-cue{font-size:.9rem;color:#555}
@media (max-width:40rem){
table.stack,.stack tbody,.stack tr,.stack td{display:block;width:100%}.stack thead{position:absolute;left:-999px}
.stack tr{border-bottom:2px solid #ccc;padding:.3rem 0}.stack td{border:0;padding:.15rem .45rem}
.stack td[data-label]::before{content:attr(data-label) ": ";font-weight:600}
}
`;

/** The sections of the admin; `approverOnly` links are not shown to editors, who would get a 403. */
const SECTIONS = [
  { href: '/admin/', label: 'Nội dung công khai' },
  { href: '/admin/cong-khai/moi', label: 'Thêm mới' },
  { href: '/admin/tiep-cong-dan/', label: 'Lịch tiếp công dân' },
  { href: '/admin/thong-ke/', label: 'Thống kê' },
  { href: '/admin/bao-cao/', label: 'Báo cáo' },
  { href: '/admin/lay-y-kien/', label: 'Lấy ý kiến' },
  { href: '/admin/nhan-dan/', label: 'Quyết định, giám sát' },
  { href: '/admin/don-vi', label: 'Đơn vị', approverOnly: true },
  { href: '/admin/danh-muc', label: 'Danh mục', approverOnly: true },
  { href: '/admin/nhung', label: 'Nhúng' },
  { href: '/admin/tai-khoan', label: 'Tài khoản', approverOnly: true },
  { href: '/admin/ma-api', label: 'Mã API', approverOnly: true },
  { href: '/admin/mat-khau', label: 'Mật khẩu' },
];

/**
 * `page` for the link to the page shown, `true` for the link to its section (GOV.UK service
 * navigation): /admin/thong-ke/thu-tuc is in "Thống kê", /admin/cong-khai/12 in the list.
 */
function current(href: string, path: string): 'page' | 'true' | undefined {
  const trimmed = (p: string) => p.replace(/\/$/, '');
  if (trimmed(href) === trimmed(path)) return 'page';
  if (href === '/admin/') return /^\/admin\/cong-khai\/\d/.test(path) ? 'true' : undefined;
  return path.startsWith(href) ? 'true' : undefined;
}

function Nav(props: { account: Account; path: string; label: string; class?: string }) {
  const links = SECTIONS.filter((s) => !s.approverOnly || hasRole(props.account, 'approver'));
  return (
    <nav aria-label={props.label} class={props.class}>
      {links.map((s) => (
        <a href={s.href} aria-current={current(s.href, props.path)}>
          {s.label}
        </a>
      ))}
      <a href="/" target="_blank" rel="noopener">
        Xem trang công khai
      </a>
      <form class="inline" method="post" action="/admin/dang-xuat">
        <button class="secondary logout">Đăng xuất ({props.account.displayName})</button>
      </form>
    </nav>
  );
}

/** The HTML document around a page; the navigation only when an official is signed in. */
function Document(props: PropsWithChildren<PageHead & { account?: Account; path: string }>) {
  return (
    <html lang="vi">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`${props.hasErrors ? 'Lỗi – ' : ''}${props.title} – Quản trị cổng công khai`}</title>
        <style dangerouslySetInnerHTML={{ __html: CSS }} />
      </head>
      <body>
        <a class="skip" href="#noi-dung">
          Bỏ qua, đến nội dung chính
        </a>
        <header>
          <strong>Quản trị cổng công khai</strong>
          {/*
            A phone gets one line (the name and a "Menu" that opens without JavaScript) instead of
            the 13 links that took 226 px, 28 % of its screen; a wider screen shows them all.
            Only one of the two is displayed at a time, so each link is heard once.
          */}
          {props.account && <Nav account={props.account} path={props.path} label="Quản trị" class="wide" />}
          {props.account && (
            <details class="menu">
              <summary>Menu</summary>
              <Nav account={props.account} path={props.path} label="Quản trị (menu)" />
            </details>
          )}
        </header>
        <main id="noi-dung">{props.children}</main>
      </body>
    </html>
  );
}

/** Every admin route renders through `c.render(content, { title })`; the account comes from the session check. */
export const adminRenderer = jsxRenderer(
  (props, c: Context<AppEnv>) => (
    // `account` is unset on the login page, which the session check does not guard.
    <Document title={props.title} hasErrors={props.hasErrors} account={c.var.account as Account | undefined} path={c.req.path}>
      {props.children}
    </Document>
  ),
  { docType: '<!doctype html>' },
);

/** The same frame for a page outside the admin app (the API's page for integrators). */
export const page = (title: string, content: string | Promise<string>) =>
  html`<!doctype html>${(<Document title={title} path="">{content}</Document>)}`;
