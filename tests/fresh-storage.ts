import { applyD1Migrations, env, reset, type D1Migration } from 'cloudflare:test';

/**
 * Every test file of the workers project starts on empty storage and a freshly migrated D1.
 *
 * The project runs its files one after another in one workerd (`isolate: false`,
 * vitest.config.ts), so without this a file would see the D1 rows and R2 objects of the files
 * before it. `reset()` from `cloudflare:test` deletes every D1 database and R2 bucket (Miniflare
 * keeps them in Durable Objects), then the migrations are applied again. The first file of a
 * worker applies them one by one, as `wrangler d1 migrations apply` does, and this module records
 * the result: the final schema and the rows the migrations seeded. The later files replay that
 * record in one batch, which costs a fraction of 25 migrations with their table rebuilds.
 * `tests/api/fresh-storage.test.ts` proves the replay equals the migrations.
 */

// TEST_MIGRATIONS is a test-only binding (vitest.config.ts); it is not part of the Worker's Env.
export const migrations = (env as unknown as { TEST_MIGRATIONS: D1Migration[] }).TEST_MIGRATIONS;

interface Statement {
  sql: string;
  params: (string | number | null)[];
}

/** The migrated database as statements; kept for the life of the worker (this module is not re-evaluated per file). */
let migrated: Statement[] | undefined;

/** D1's own tables (`_cf_KV`) and SQLite's (`sqlite_sequence`, auto-indexes) come with the database. */
const OWN_OBJECTS = `name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\'`;

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Empties all storage, then brings `env.DB` to the state the migrations leave. */
export async function startFromFreshStorage(): Promise<void> {
  await reset();
  if (migrated) {
    const replay = migrated;
    // A write of the previous file still finishing after its answer (a publish job row, asked
    // for in waitUntil) can land between reset() and the replay: empty everything once more.
    for (let attempt = 1; ; attempt++) {
      try {
        await env.DB.batch(replay.map(({ sql, params }) => env.DB.prepare(sql).bind(...params)));
        return;
      } catch (error) {
        if (attempt === 3 || !/already exists/.test(String(error))) throw error;
        await new Promise((r) => setTimeout(r, 100));
        await reset();
      }
    }
  }
  await applyD1Migrations(env.DB, migrations);
  migrated = await recordDatabase(env.DB);
}

/**
 * Brings another D1 database (a second commune's, tests/api/isolation.test.ts) to the state the
 * migrations leave, by the same replay: call it after the setup file has run for the file.
 */
export async function migrateAnother(db: D1Database): Promise<void> {
  if (!migrated) throw new Error('the setup file (tests/fresh-storage-setup.ts) has not migrated DB yet');
  await db.batch(migrated.map(({ sql, params }) => db.prepare(sql).bind(...params)));
}

/**
 * The database as the statements that rebuild it: tables in creation order, their rows, then
 * indexes, views and triggers (created after the rows, so no trigger fires on a seeded row).
 */
async function recordDatabase(db: D1Database): Promise<Statement[]> {
  const { results: objects } = await db
    .prepare(`SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND ${OWN_OBJECTS} ORDER BY rowid`)
    .all<{ type: 'table' | 'index' | 'view' | 'trigger'; name: string; sql: string }>();
  // A virtual table (the FTS5 search index, migration 0030) creates its own shadow tables
  // (search_index_data, _idx, _content, _docsize, _config) and rows: it is replayed by its CREATE
  // alone, and neither it nor its shadows by their rows (the index is empty after the migrations).
  const virtual = objects.filter((o) => o.type === 'table' && /^CREATE VIRTUAL TABLE/i.test(o.sql)).map((o) => o.name);
  const shadow = (name: string) => virtual.some((v) => name === v || name.startsWith(`${v}_`));
  const tables = objects.filter((o) => o.type === 'table' && (virtual.includes(o.name) || !shadow(o.name)));
  const statements: Statement[] = tables.map(({ sql }) => ({ sql, params: [] }));
  for (const { name } of tables.filter((t) => !shadow(t.name))) {
    const { results: rows } = await db.prepare(`SELECT * FROM ${quote(name)}`).all<Record<string, unknown>>();
    for (const row of rows) {
      const columns = Object.keys(row);
      const params = columns.map((column) => {
        const value = row[column];
        if (value === null || typeof value === 'string' || typeof value === 'number') return value;
        throw new Error(`${name}.${column}: a migration seeded a value this record cannot replay (${typeof value})`);
      });
      statements.push({ sql: `INSERT INTO ${quote(name)} (${columns.map(quote).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`, params });
    }
  }
  for (const type of ['index', 'view', 'trigger'] as const) {
    statements.push(...objects.filter((o) => o.type === type).map(({ sql }) => ({ sql, params: [] })));
  }
  return statements;
}
