import type { Context } from 'hono';
import type { UseCase } from '../schema/core/context.use-cases.ts';
import type { AppEnv } from './env.ts';
import type { Actor } from '../schema/accounts/audit.db.ts';
import { requestPublish } from './publish.ts';
import { guardedDb, recheckToken, StaleToken } from './auth.ts';
import { storeFileAnswers } from './public-files.ts';

/**
 * Runs a use case for the signed-in official or the API token and asks for the publish it
 * returns, after the answer (`waitUntil`): the one place a write reaches the citizen site.
 *
 * @example const created = await act(c, (ctx) => createDisclosure(ctx, body));
 */
export async function act<T>(c: Context<AppEnv>, useCase: UseCase<T>): Promise<T> {
  const actor = c.get('actor');
  // A read whose token is checked in its own batch (functions/auth.ts readWithToken) has no actor until then.
  if (!actor) throw new Error('act() runs only once the session or the token was checked');
  const run = (db: D1Database, actor: Actor) => useCase({ db, files: c.env.FILES, actor, now: new Date().toISOString() });
  // A token remembered by the isolate (functions/auth.ts requireToken `guarded`) is checked by
  // the write's own batch; when it was revoked since, nothing was written: look it up again.
  const guard = c.get('tokenGuard');
  const { value, publish } = guard
    ? await run(guardedDb(c.env.DB, guard.check.hash, guard.token), actor).catch(async (error: unknown) => {
        if (!(error instanceof StaleToken)) throw error;
        await recheckToken(c);
        return run(c.env.DB, c.get('actor'));
      })
    : await run(c.env.DB, actor);
  // What the item's files answer is stored before the answer: a withdrawal is in force when the
  // official reads it. A failure is logged, not the official's: the write is stored, and the
  // daily run stores every file's answer again.
  if (publish?.files?.length) {
    await storeFileAnswers(c.env.DB, c.env.SITE, publish.files).catch((error) => console.error(`file answers of ${publish.files!.join(', ')} not stored`, error));
  }
  // The scope may be a lookup (which pages cite the item): it runs after the answer, only if a hook is set.
  if (publish) c.executionCtx.waitUntil(requestPublish(c.env, publish.reason, publish.scope));
  return value;
}
