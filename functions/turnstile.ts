/**
 * The optional Cloudflare Turnstile check on the citizens' opinion form. Off unless the unit
 * sets both keys on the Worker: `TURNSTILE_SITE_KEY` (public; a `[vars]` entry or a secret) and
 * `TURNSTILE_SECRET_KEY` (`wrangler secret put TURNSTILE_SECRET_KEY`; never in D1 or a page).
 * Locally and in the demo neither is set, so nothing changes there.
 *
 * The check is not on all the time: it turns on by itself for a consultation once
 * PENDING_BOT_CHECK opinions wait for moderation (schema/consultation/consultation.ts; the
 * `TURNSTILE_FROM_PENDING` variable changes the number, "0" = always on), so a quiet
 * consultation asks nothing of citizens and a flooded one asks every sender.
 *
 * The static consultation page keeps its form without script (and within its budget): when the
 * check is on, the first post carries no token and the Worker answers with the form filled back
 * in and the widget, which needs JavaScript; the citizen ticks it and sends again. A post
 * without a valid token is never stored, or the check would stop nothing: a script would just
 * leave the token out. Citizens without JavaScript are told to use the consultation's other
 * channels; the honeypot and the rate limits stay in force for every post.
 */

/** Cloudflare's verification endpoint (developers.cloudflare.com/turnstile/get-started/server-side-validation/). */
const SITEVERIFY_URL = 'https://challenges.cloudflare.com/turnstile/v0/siteverify';

/** The form field the widget adds to the form it sits in. */
export const TURNSTILE_FIELD = 'cf-turnstile-response';

/** The widget's script, loaded only by the Worker's answer page when the check is on. */
export const TURNSTILE_SCRIPT = 'https://challenges.cloudflare.com/turnstile/v0/api.js';

export interface TurnstileConfig {
  siteKey: string;
  secret: string;
  verifyUrl: string;
}

/** The check's settings, or null when the unit has not configured both keys. */
export function turnstileConfig(env: Env): TurnstileConfig | null {
  const siteKey = env.TURNSTILE_SITE_KEY?.trim();
  const secret = env.TURNSTILE_SECRET_KEY?.trim();
  if (!siteKey || !secret) return null;
  // Only tests point this elsewhere: at a real HTTP server on loopback (tests/turnstile-server.ts).
  return { siteKey, secret, verifyUrl: env.TURNSTILE_VERIFY_URL || SITEVERIFY_URL };
}

/**
 * How long the Worker waits for siteverify. Cloudflare answers in well under a second; past
 * this the service is taken as unreachable and the citizen is told so at once, with the other
 * channels, instead of waiting 10–16 s to be told to tick the box again (issue 22.13).
 */
export const VERIFY_TIMEOUT_MS = 3_000;

/**
 * Asks siteverify whether `token` is a fresh, valid answer for this site: "valid", "invalid"
 * (no token, or siteverify said no), or "unreachable" (no answer within VERIFY_TIMEOUT_MS, a
 * network error, a 5xx or an answer that is not JSON). Only "valid" lets an opinion be stored.
 */
export async function verifyTurnstile(config: TurnstileConfig, token: string, remoteIp: string | undefined): Promise<'valid' | 'invalid' | 'unreachable'> {
  if (!token || token.length > 2048) return 'invalid';
  const body = new URLSearchParams({ secret: config.secret, response: token });
  if (remoteIp) body.set('remoteip', remoteIp);
  try {
    const res = await fetch(config.verifyUrl, { method: 'POST', body, signal: AbortSignal.timeout(VERIFY_TIMEOUT_MS) });
    if (!res.ok) return res.status >= 500 ? 'unreachable' : 'invalid';
    const answer = (await res.json()) as { success?: unknown };
    return answer.success === true ? 'valid' : 'invalid';
  } catch {
    return 'unreachable';
  }
}
