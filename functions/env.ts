import type { ApiScope } from '../schema/accounts/api-scopes.ts';
import type { Account, ApiToken } from '../schema/accounts/accounts.db.ts';
import type { Actor } from '../schema/accounts/audit.db.ts';
import type { FormDraft } from '../schema/core/form-drafts.db.ts';

/** Hono's environment for every route: the Worker's bindings and per-request values. */
export interface AppEnv {
  Bindings: Env;
  Variables: {
    account: Account;
    actor: Actor;
    /** When the official's login session ends (UTC ISO), shown on long forms. */
    sessionEndsAt: string;
    /** The admin page a posted form was shown on (its hidden `_from`), for a refused form shown again. */
    formFrom?: string;
    /** A form kept across an ended session, shown back into its own form (functions/admin/kept-form.tsx). */
    keptForm?: FormDraft;
    /** Whether the page showed the kept form in a form of its own (else the resend page is offered). */
    keptFormShown?: boolean;
    /** An API read's bearer token, checked in the batch of the route's reads (functions/auth.ts). */
    tokenCheck?: TokenCheck;
    /** An API write's token taken from the isolate's memory: its batch checks it (functions/auth.ts guardedDb). */
    tokenGuard?: { check: TokenCheck; token: ApiToken };
  };
}

/** A bearer token sent with an API read, until the read's batch has checked it. */
export interface TokenCheck {
  /** SHA-256 of the token, as stored. */
  hash: string;
  scope: ApiScope;
  /** Set once the token was looked up, accepted or refused. */
  checked: boolean;
}

declare global {
  interface Env {
    /**
     * The public origin pages are rendered under when the unit sets none (Unit.publicBaseUrl):
     * feeds, calendar links and QR codes point there. `npm start` sets its local address.
     */
    PUBLIC_BASE_URL?: string;
    /** Turnstile on the opinion form (functions/turnstile.ts): the site key, public. */
    TURNSTILE_SITE_KEY?: string;
    /** Turnstile's secret key (secret); the check is on only when both keys are set. */
    TURNSTILE_SECRET_KEY?: string;
    /**
     * How many opinions waiting for moderation turn the Turnstile check on for a consultation
     * (default PENDING_BOT_CHECK in schema/consultation/consultation.ts); "0" keeps it on all the time.
     */
    TURNSTILE_FROM_PENDING?: string;
    /** Set by the Worker on a commune's view of the bindings (functions/tenancy.ts communeEnv): its slug. */
    COMMUNE?: string;
    /** Tests only: a loopback siteverify server instead of Cloudflare's. */
    TURNSTILE_VERIFY_URL?: string;
  }
}

