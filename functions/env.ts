import type { Account } from '../schema/db/accounts.ts';
import type { Actor } from '../schema/db/audit.ts';

/** Hono's environment for every route: the Worker's bindings and per-request values. */
export interface AppEnv {
  Bindings: Env;
  Variables: {
    account: Account;
    actor: Actor;
    /** When the official's login session ends (UTC ISO), shown on long forms. */
    sessionEndsAt: string;
  };
}

declare global {
  interface Env {
    /** Build hook that republishes the static site after a write (secret). */
    PUBLISH_HOOK_URL?: string;
    /** Bearer token sent to the publish hook, if the hook wants one (secret). */
    PUBLISH_HOOK_TOKEN?: string;
    /** Turnstile on the opinion form (functions/turnstile.ts): the site key, public. */
    TURNSTILE_SITE_KEY?: string;
    /** Turnstile's secret key (secret); the check is on only when both keys are set. */
    TURNSTILE_SECRET_KEY?: string;
    /**
     * How many opinions waiting for moderation turn the Turnstile check on for a consultation
     * (default PENDING_BOT_CHECK in schema/consultation.ts); "0" keeps it on all the time.
     */
    TURNSTILE_FROM_PENDING?: string;
    /** Tests only: a loopback siteverify server instead of Cloudflare's. */
    TURNSTILE_VERIFY_URL?: string;
  }
}
