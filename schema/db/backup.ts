/**
 * Backup and restore of every table as JSON, lossless: row values are D1's own (numbers,
 * strings, null), and tables come in an order that satisfies the foreign keys. Sessions,
 * login throttling and idempotency keys are short-lived and left out.
 */

/** Short-lived tables a restore does without: logins, throttling, retried API answers. */
export const TRANSIENT_TABLES = ['sessions', 'login_attempts', 'idempotency_keys'] as const;

export const BACKUP_TABLES = [
  'unit',
  'categories',
  'accounts',
  'api_tokens',
  'disclosures',
  'disclosure_revisions',
  'attachments',
  'reception_rules',
  'reception_changes',
  'reception_extra_sessions',
  'holidays',
  'reception_late_marks',
  'procedure_reports',
  'procedure_rows',
  'petition_stats',
  'audit_log',
] as const;

/**
 * Columns that later migrations dropped. A backup made before still carries them; restoring it
 * leaves them out as long as they hold nothing (NULL), and refuses a value it would lose.
 */
const DROPPED_COLUMNS: Partial<Record<(typeof BACKUP_TABLES)[number], string[]>> = {
  attachments: ['withdrawn_at'], // 0008_drop_attachment_withdrawn_at.sql
};

export interface Backup {
  format: 'cong-khai-xa-backup';
  version: 1;
  exportedAt: string;
  tables: Record<string, Record<string, unknown>[]>;
}

export async function exportBackup(db: D1Database, now = new Date().toISOString()): Promise<Backup> {
  const results = await db.batch(BACKUP_TABLES.map((t) => db.prepare(`SELECT * FROM ${t} ORDER BY rowid`)));
  const tables: Backup['tables'] = {};
  BACKUP_TABLES.forEach((t, i) => (tables[t] = results[i]!.results as Record<string, unknown>[]));
  return { format: 'cong-khai-xa-backup', version: 1, exportedAt: now, tables };
}

export class RestoreError extends Error {
  override name = 'RestoreError';
}

/** Loads a backup into a database that has the schema (migrations applied) but no data. */
export async function restoreBackup(db: D1Database, backup: Backup): Promise<number> {
  if (backup.format !== 'cong-khai-xa-backup' || backup.version !== 1) throw new RestoreError('not a backup of this portal (format/version)');
  const counts = await db.batch(BACKUP_TABLES.map((t) => db.prepare(`SELECT count(*) AS n FROM ${t}`)));
  // The migrations seed the category list; anything else already there means a live database.
  const occupied = BACKUP_TABLES.filter((t, i) => t !== 'categories' && (counts[i]!.results[0] as { n: number }).n > 0);
  if (occupied.length) throw new RestoreError(`the target database is not empty (${occupied.join(', ')})`);
  const statements: D1PreparedStatement[] = [db.prepare('DELETE FROM categories')];
  for (const table of BACKUP_TABLES) {
    const dropped = DROPPED_COLUMNS[table] ?? [];
    for (const row of backup.tables[table] ?? []) {
      const lost = dropped.filter((c) => row[c] !== null && row[c] !== undefined);
      if (lost.length) throw new RestoreError(`${table}.${lost.join(', ')} holds data that this version no longer stores`);
      const columns = Object.keys(row).filter((c) => !dropped.includes(c));
      if (!columns.every((c) => /^[a-z_][a-z0-9_]*$/.test(c))) throw new RestoreError(`bad column name in ${table}`);
      statements.push(db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`).bind(...columns.map((c) => row[c] ?? null)));
    }
  }
  // One batch is one transaction: a restore that fails half-way leaves the database empty.
  await db.batch(statements);
  return statements.length - 1;
}
