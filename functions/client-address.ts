/**
 * The network address a request came from, for rate limits only, or null when it is not known.
 *
 * Cloudflare's edge sets `CF-Connecting-IP` on every request it passes to the Worker, replacing
 * whatever a client sent, and such a request carries `request.cf` (workerd fills it only for a
 * request that came in from the outside; wrangler dev does too, and sets the header from the
 * socket — scripts/publisher/proxy.ts overwrites it with the real peer for the local portal).
 * A request without `request.cf` did not come through either: its `CF-Connecting-IP`, if any,
 * is whatever the client typed, and trusting it would let one sender pose as many (issue 22.13).
 * Then the address is unknown, and callers must not put every unknown sender into one bucket:
 * the opinion form drops its per-address limit for them and keeps the consultation's
 * (schema/consultation/consultations.db.ts `insertOpinion`). A known IPv6 address counts as its /64 there
 * (schema/core/network-address.ts): one home's devices pick any address inside it.
 */
export function clientAddress(request: Request): string | null {
  if (!request.cf) return null;
  return request.headers.get('cf-connecting-ip')?.trim() || null;
}
