import type { Actor } from '../accounts/audit.db.ts';
import type { PublishScope } from '../publishing/publish.ts';

/**
 * Every write goes through one use-case function (schema/<concept>/*.use-cases.ts) that the API handler,
 * the admin handler and the scripts all call. It applies the rules (roles, four eyes, late
 * changes, versions), stores the record with its audit row, and returns what to publish:
 * the caller's one `act()` (functions/act.ts) asks for the publish, so no handler can forget.
 */
export interface WriteContext {
  db: D1Database;
  /** Attachments' bytes (R2); only the attachment use cases touch it (scripts that load data have none). */
  files?: R2Bucket;
  actor: Actor;
  /** The instant of the request, ISO 8601: every row a write stores carries the same time. */
  now: string;
}

/** What the citizen site must rebuild after a write; the scope may be looked up lazily, after the answer. */
export interface Publication {
  reason: string;
  scope: PublishScope | (() => Promise<PublishScope>);
  /**
   * The disclosures (ids) whose files may answer differently now (public, withdrawn): their
   * answers at `/tep/…` are stored before the official's answer (functions/public-files.ts).
   */
  files?: number[];
}

export interface Outcome<T> {
  value: T;
  /** null: nothing citizens see changed (a draft saved, a token created). */
  publish: Publication | null;
}

export type UseCase<T> = (ctx: WriteContext) => Promise<Outcome<T>>;
