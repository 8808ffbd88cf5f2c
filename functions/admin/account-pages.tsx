import { MIN_PASSWORD_LENGTH } from '../../schema/accounts/account.ts';
import { API_SCOPES } from '../../schema/accounts/api-scopes.ts';
import { formatDateTime } from '../../schema/core/dates.ts';
import type { Account, ApiTokenRow } from '../../schema/accounts/accounts.db.ts';
import { ROLES } from '../../schema/accounts/review.ts';
import type { FieldError } from '../../schema/core/validation.ts';
import { Checkboxes, Form, optionsOf, Radios, TextField, type Option } from './fields.tsx';
import type { Values } from './form.ts';
import { FormGuard } from './form-once.tsx';

/** Officials' accounts, API tokens, one's own password and the login page. */

/** The login form of a commune's admin and of the province's (functions/routes/province-admin.tsx). */
export function LoginPage(props: { values: Values; errors: FieldError[]; next: string; formKept?: boolean }) {
  return (
    <>
      <h1>Đăng nhập</h1>
      {props.formKept && (
        <p class="notice" role="status">
          Phiên đăng nhập đã hết. Những gì bạn vừa gửi đã được giữ lại: đăng nhập lại để khôi phục.
        </p>
      )}
      <Form action={`/admin/dang-nhap?tiep=${encodeURIComponent(props.next)}`} values={props.values} errors={props.errors}>
        <TextField name="email" label="Thư điện tử" type="email" autocomplete="username" />
        <TextField name="password" label="Mật khẩu" type="password" autocomplete="current-password" />
        <button type="submit">Đăng nhập</button>
      </Form>
    </>
  );
}


function Notice(props: { text?: string }) {
  return props.text ? (
    <p class="notice" role="status">
      {props.text}
    </p>
  ) : null;
}

/** One row's actions: a new password (the row's own form) and locking or unlocking. */
function AccountActions(props: { account: Account }) {
  const a = props.account;
  return (
    <td>
      <form method="post" action={`/admin/tai-khoan/${a.id}/dat-lai`}>
        <FormGuard />
        <label for={`pw-${a.id}`}>Mật khẩu mới</label>
        <input type="password" id={`pw-${a.id}`} name="password" autocomplete="new-password" />
        <button type="submit" class="secondary">
          Đặt lại mật khẩu
        </button>
      </form>
      <form method="post" action={`/admin/tai-khoan/${a.id}/${a.disabled ? 'mo-khoa' : 'khoa'}`}>
        <FormGuard />
        <button type="submit" class="secondary">
          {a.disabled ? 'Mở khóa' : 'Khóa tài khoản'}
        </button>
      </form>
    </td>
  );
}

export function AccountsPage(props: { accounts: Account[]; values: Values; errors: FieldError[]; notice?: string }) {
  return (
    <>
      <h1>Tài khoản cán bộ</h1>
      <Notice text={props.notice} />
      <table class="stack">
        <thead>
          <tr>
            <th scope="col">Cán bộ</th>
            <th scope="col">Vai trò</th>
            <th scope="col">Thao tác</th>
          </tr>
        </thead>
        <tbody>
          {props.accounts.map((a) => (
            <tr>
              <td>
                {a.displayName}
                <br />
                <small>{a.email}</small>
                {a.disabled && (
                  <>
                    <br />
                    <strong>Đã khóa</strong>
                  </>
                )}
              </td>
              <td data-label="Vai trò">{ROLES[a.role]}</td>
              <AccountActions account={a} />
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Thêm tài khoản</h2>
      <Form action="/admin/tai-khoan" values={props.values} errors={props.errors}>
        <TextField name="displayName" label="Họ tên" />
        <TextField name="email" type="email" label="Thư điện tử" />
        <Radios name="role" label="Vai trò" options={optionsOf(ROLES)} />
        <TextField
          name="password"
          type="password"
          label="Mật khẩu tạm"
          hint={`Ít nhất ${MIN_PASSWORD_LENGTH} ký tự; báo riêng cho người được cấp, họ đổi lại sau khi đăng nhập`}
          autocomplete="new-password"
        />
        <button type="submit">Thêm tài khoản</button>
      </Form>
    </>
  );
}

export interface TokensPageProps {
  tokens: ApiTokenRow[];
  /** The scopes a token may hold, with their Vietnamese names. */
  scopes: Option[];
  values: Values;
  errors: FieldError[];
  /** A token just made: shown once, in this answer only (the database keeps its hash). */
  shown?: string;
}

export function TokensPage(props: TokensPageProps) {
  return (
    <>
      <h1>Mã truy cập API</h1>
      {props.shown && (
        <div class="notice" role="status">
          <p>
            <strong>Mã mới (chỉ hiện một lần, hãy lưu lại ngay):</strong>
          </p>
          <p>
            <code>{props.shown}</code>
          </p>
        </div>
      )}
      <table class="stack">
        <thead>
          <tr>
            <th scope="col">Tên</th>
            <th scope="col">Quyền</th>
            <th scope="col">Dùng lần cuối</th>
            <th scope="col">
              <span class="skip">Thao tác</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {props.tokens.map((t) => (
            <tr>
              <td>
                {t.name}
                <br />
                <small>
                  của {t.accountName}, tạo {formatDateTime(t.createdAt)}
                </small>
              </td>
              <td data-label="Quyền">{t.scopes.map((s) => API_SCOPES[s]).join('; ')}</td>
              <td data-label="Dùng lần cuối">{t.lastUsedAt ? formatDateTime(t.lastUsedAt) : 'chưa dùng'}</td>
              <td>
                {t.revokedAt ? (
                  `Đã thu hồi lúc ${formatDateTime(t.revokedAt)}`
                ) : (
                  <form method="post" action={`/admin/ma-api/${t.id}/thu-hoi`}>
                    <FormGuard />
                    <button type="submit" class="danger">
                      Thu hồi…
                    </button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Tạo mã mới</h2>
      <Form action="/admin/ma-api" values={props.values} errors={props.errors}>
        <TextField name="name" label="Tên mã" hint="Phần mềm nào dùng mã này, ví dụ: Phần mềm một cửa" />
        <Checkboxes name="scopes" label="Quyền" options={props.scopes} />
        <button type="submit">Tạo mã</button>
      </Form>
    </>
  );
}

export function PasswordPage(props: { errors: FieldError[]; notice?: string }) {
  return (
    <>
      <h1>Đổi mật khẩu</h1>
      <Notice text={props.notice} />
      <Form action="/admin/mat-khau" errors={props.errors}>
        <TextField name="current" type="password" label="Mật khẩu hiện tại" autocomplete="current-password" />
        <TextField
          name="next"
          type="password"
          label="Mật khẩu mới"
          hint={`Ít nhất ${MIN_PASSWORD_LENGTH} ký tự`}
          autocomplete="new-password"
        />
        <TextField name="again" type="password" label="Nhập lại mật khẩu mới" autocomplete="new-password" />
        <button type="submit">Đổi mật khẩu</button>
      </Form>
      <h2>Đăng xuất mọi nơi</h2>
      <p>Nếu bạn quên đăng xuất trên máy khác, hoặc nghi bị lộ mật khẩu:</p>
      <form method="post" action="/admin/dang-xuat-moi-noi">
        <FormGuard />
        <button type="submit" class="danger">
          Đăng xuất khỏi mọi thiết bị
        </button>
      </form>
    </>
  );
}
