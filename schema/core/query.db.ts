import type { Row } from './columns.db.ts';

/**
 * A read that can travel in one D1 batch with others: its bound statement and how to read its
 * result. Each D1 call is a round trip to the database (on Cloudflare, from the Worker's
 * location to the database's), so a request that needs several reads sends them together —
 * the API sends its bearer-token check in the same batch as the route's reads
 * (functions/auth.ts `readWithToken`). The SQL stays in each table's module, which exports the
 * query; this file only sends them.
 *
 * @example
 * const [token, item] = await readAll(db, [apiTokenQuery(db, hash), disclosureQuery(db, id)]);
 */
export interface Query<T> {
  statement: D1PreparedStatement;
  read(result: D1Result<Row>): T;
}

/** What each query of a list reads, in order. */
export type Results<Q extends readonly Query<unknown>[]> = { -readonly [K in keyof Q]: Q[K] extends Query<infer T> ? T : never };

/** Sends the queries in one D1 batch (one round trip) and reads each result. */
export async function readAll<const Q extends readonly Query<unknown>[]>(db: D1Database, queries: Q): Promise<Results<Q>> {
  if (queries.length === 0) return [] as Results<Q>;
  const results = await db.batch<Row>(queries.map((q) => q.statement));
  return queries.map((q, i) => q.read(results[i]!)) as Results<Q>;
}

/** Sends one query on its own. */
export async function readOne<T>(query: Query<T>): Promise<T> {
  return query.read(await query.statement.all<Row>());
}

/** The first row of a result, or null. */
export const firstRow = (result: D1Result<Row>): Row | null => result.results[0] ?? null;
