import { applyD1Migrations, env, reset } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { migrations, startFromFreshStorage } from '../fresh-storage.ts';
import { makeOfficial } from '../helpers.ts';

/**
 * The workers project runs its files in one workerd, one after another; `tests/fresh-storage.ts`
 * gives each file empty storage and a migrated D1, replaying a record of the migrations after the
 * first file. These tests hold that replay to the real migrations and prove nothing survives it.
 */

const restoreDb = (env as unknown as { RESTORE_DB: D1Database }).RESTORE_DB;
const restoreFiles = (env as unknown as { RESTORE_FILES: R2Bucket }).RESTORE_FILES;

/** Everything in a database: its schema objects (auto-indexes too) and the rows of every table, sqlite_sequence included. */
async function contents(db: D1Database) {
  const { results: objects } = await db
    .prepare(`SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE '\\_cf\\_%' ESCAPE '\\' ORDER BY type, name`)
    .all<{ type: string; name: string; tbl_name: string; sql: string | null }>();
  const rows: Record<string, unknown[]> = {};
  for (const { name, sql } of objects.filter((o) => o.type === 'table')) {
    // The FTS5 index's config table (search_index_config) has no rowid.
    const order = /WITHOUT ROWID/i.test(sql ?? '') ? '1' : 'rowid';
    rows[name] = (await db.prepare(`SELECT * FROM "${name}" ORDER BY ${order}`).all()).results;
  }
  return { objects, rows };
}

/** The two values the migrations draw from the clock and from randomness: their shape, not their value. */
function withDrawnValuesChecked(database: Awaited<ReturnType<typeof contents>>) {
  const rows = { ...database.rows };
  rows.d1_migrations = rows.d1_migrations!.map((row) => {
    const { applied_at, ...rest } = row as { applied_at: string };
    expect(applied_at).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    return rest;
  });
  rows.consultation_salt = rows.consultation_salt!.map((row) => {
    const { salt, ...rest } = row as { salt: string };
    expect(salt).toMatch(/^[0-9a-f]{64}$/);
    return rest;
  });
  return { ...database, rows };
}

describe('the storage each workers test file starts from', () => {
  it('is what the migrations applied one by one leave: the same schema objects and the same seeded rows', async () => {
    // This file's setup already ran; running it again replays the record for sure.
    await startFromFreshStorage();
    const replayed = await contents(env.DB);
    await reset();
    await applyD1Migrations(env.DB, migrations);
    const applied = await contents(env.DB);

    expect(applied.rows.d1_migrations).toHaveLength(migrations.length);
    expect(applied.objects.filter((o) => o.type === 'index').length).toBeGreaterThan(0);
    expect(applied.objects.filter((o) => o.type === 'trigger').length).toBeGreaterThan(0);
    expect(withDrawnValuesChecked(replayed)).toEqual(withDrawnValuesChecked(applied));
  });

  it('keeps no row, file or restore database of the file before', async () => {
    await makeOfficial();
    await env.FILES.put(`tep/${crypto.randomUUID()}`, 'x');
    await restoreFiles.put(`tep/${crypto.randomUUID()}`, 'x');
    await applyD1Migrations(restoreDb, migrations);
    expect(await env.DB.prepare('SELECT count(*) AS n FROM accounts').first('n')).toBeGreaterThan(0);

    await startFromFreshStorage();

    expect(await env.DB.prepare('SELECT count(*) AS n FROM accounts').first('n')).toBe(0);
    expect((await env.FILES.list()).objects).toEqual([]);
    expect((await restoreFiles.list()).objects).toEqual([]);
    expect(await restoreDb.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\'`).first('n')).toBe(0);
  });
});
