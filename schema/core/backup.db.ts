import { sha256Hex } from './crypto.ts';
import { rebuildSearchIndex } from '../publishing/search.db.ts';

/**
 * Backup and restore of every table as JSON, lossless: row values are D1's own (numbers,
 * strings, null), and tables come in an order that satisfies the foreign keys. Sessions,
 * login throttling and idempotency keys are short-lived and left out; the search index is
 * derived, and rebuilt after a restore.
 *
 * The attachments' bytes (R2) go with the tables, one file per distinct SHA-256: the
 * `attachments` rows are the list of files (object key, SHA-256, size), so the backup holds
 * no second list that could disagree with them. Where the files are kept is the caller's
 * (`BackupFileStore`): a folder beside `tables.json` for `npm run backup`, memory in tests.
 */

/**
 * Short-lived tables a restore does without: logins, throttling, retried answers, forms kept
 * across an ended session, files kept for a refused form, and publishing's own records (the
 * old single-row state, the jobs and what they skipped, the templates of the stored pages): a
 * restored portal has no template mark, so its first request publishes everything afresh.
 */
export const TRANSIENT_TABLES = [
  'sessions', 'login_attempts', 'idempotency_keys', 'form_drafts', 'pending_uploads',
  'publish_state', 'publish_jobs', 'publish_chunks', 'publish_failures', 'site_template',
] as const;

/**
 * Tables derived from the others, which a restore rebuilds instead of copying: the search index
 * (migration 0030, schema/publishing/search.db.ts), with the shadow tables FTS5 keeps it in
 * (search_index_data, _idx, _content, _docsize, _config).
 */
const DERIVED_TABLES = ['search_index'] as const;
export const isDerivedTable = (name: string) => DERIVED_TABLES.some((t) => name === t || name.startsWith(`${t}_`));

export const BACKUP_TABLES = [
  'unit',
  'categories',
  'accounts',
  'api_tokens',
  'disclosures',
  'disclosure_revisions',
  'attachments',
  'pending_revisions',
  'democracy_reports',
  'reception_rules',
  'reception_rule_versions',
  'reception_changes',
  'reception_extra_sessions',
  'holidays',
  'holiday_list_versions',
  'reception_late_marks',
  // What officials recorded after each session, and the corrections published beside it: the record.
  'reception_session_records',
  'reception_corrections',
  'reception_settings',
  'unit_names',
  'procedure_reports',
  'procedure_rows',
  'procedure_report_versions',
  'petition_stats',
  'petition_stats_versions',
  'consultations',
  'consultation_opinions',
  'consultation_salt',
  'decisions',
  'supervision_boards',
  'supervision_activities',
  'community_revisions',
  'democracy_rules',
  'audit_log',
] as const;

/**
 * Columns that later migrations dropped. A backup made before still carries them; restoring it
 * leaves them out as long as they hold nothing (NULL), and refuses a value it would lose.
 */
// attachments.withdrawn_at, dropped by 0008 while nothing set it, is back (0009) and now holds
// the time a file was withdrawn: an older backup's NULL restores as NULL.
const DROPPED_COLUMNS: Partial<Record<(typeof BACKUP_TABLES)[number], string[]>> = {};

export interface Backup {
  format: 'cong-khai-xa-backup';
  /**
   * 2: the attachments' files come with the tables. A version 1 backup (tables only) still
   * restores when it has no attachments; the bump makes an older restore refuse a backup
   * whose files it would silently drop.
   */
  version: 1 | 2;
  exportedAt: string;
  tables: Record<string, Record<string, unknown>[]>;
}

/** Where a backup keeps the attachments' bytes, one entry per SHA-256 (hex). */
export interface BackupFileStore {
  put(sha256: string, bytes: Uint8Array<ArrayBuffer>): Promise<void>;
  /** null when the backup has no such file. */
  get(sha256: string): Promise<Uint8Array<ArrayBuffer> | null>;
}

/** One file of a backup and the attachment rows (object keys) that use it. */
export interface BackupFile {
  sha256: string;
  sizeBytes: number;
  contentType: string;
  objectKeys: string[];
}

export class BackupError extends Error {
  override name = 'BackupError';
}

export class RestoreError extends Error {
  override name = 'RestoreError';
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * The files a backup's attachment rows need, one per distinct SHA-256 (the same document
 * attached to two items is one file). Checks what a restore would write: the SHA-256 is 64 hex
 * digits (it names a file in the backup folder) and the object key is the one `attachFile`
 * gives, `tep/<disclosure_id>/<sha256>`, so the `/tep/` route finds the object.
 */
export function backupFiles(backup: Backup): BackupFile[] {
  const files = new Map<string, BackupFile>();
  for (const row of backup.tables.attachments ?? []) {
    const { id, disclosure_id, sha256, size_bytes, content_type, object_key } = row as Record<string, unknown>;
    if (typeof sha256 !== 'string' || !SHA256_HEX.test(sha256)) throw new RestoreError(`attachment ${String(id)}: sha256 is not 64 hex digits`);
    if (object_key !== `tep/${String(disclosure_id)}/${sha256}`) throw new RestoreError(`attachment ${String(id)}: object key ${String(object_key)} is not tep/<disclosure_id>/<sha256>`);
    if (typeof size_bytes !== 'number' || typeof content_type !== 'string') throw new RestoreError(`attachment ${String(id)}: size_bytes or content_type missing`);
    const file = files.get(sha256);
    if (file) file.objectKeys.push(object_key);
    else files.set(sha256, { sha256, sizeBytes: size_bytes, contentType: content_type, objectKeys: [object_key] });
  }
  // A consultation's draft document (migration 0014) is a file of the same kind, under tep/y-kien/<id>/<sha256>.
  for (const row of backup.tables.consultations ?? []) {
    const { id, draft_document } = row as Record<string, unknown>;
    if (draft_document === null || draft_document === undefined) continue;
    const doc = JSON.parse(String(draft_document)) as { sha256?: unknown; sizeBytes?: unknown; contentType?: unknown; objectKey?: unknown };
    if (typeof doc.sha256 !== 'string' || !SHA256_HEX.test(doc.sha256)) throw new RestoreError(`consultation ${String(id)}: draft document sha256 is not 64 hex digits`);
    if (doc.objectKey !== `tep/y-kien/${String(id)}/${doc.sha256}`) throw new RestoreError(`consultation ${String(id)}: draft document key is not tep/y-kien/<id>/<sha256>`);
    if (typeof doc.sizeBytes !== 'number' || typeof doc.contentType !== 'string') throw new RestoreError(`consultation ${String(id)}: draft document size or type missing`);
    const file = files.get(doc.sha256);
    if (file) file.objectKeys.push(doc.objectKey);
    else files.set(doc.sha256, { sha256: doc.sha256, sizeBytes: doc.sizeBytes, contentType: doc.contentType, objectKeys: [doc.objectKey] });
  }
  return [...files.values()];
}

/**
 * Exports every table, and every attachment's bytes from R2 into `store`. Refuses (BackupError)
 * when an attachment's object is missing or its bytes do not match its SHA-256: a backup that
 * cannot be restored must fail loudly on the day it is made, not on the day it is needed.
 */
export async function exportBackup(db: D1Database, files: R2Bucket, store: BackupFileStore, now = new Date().toISOString()): Promise<Backup> {
  const results = await db.batch(BACKUP_TABLES.map((t) => db.prepare(`SELECT * FROM ${t} ORDER BY rowid`)));
  const tables: Backup['tables'] = {};
  BACKUP_TABLES.forEach((t, i) => (tables[t] = results[i]!.results as Record<string, unknown>[]));
  const backup: Backup = { format: 'cong-khai-xa-backup', version: 2, exportedAt: now, tables };
  for (const file of backupFiles(backup)) {
    let saved = false;
    // Any one of the objects holding these bytes will do; the restore writes them all back.
    for (const key of file.objectKeys) {
      const object = await files.get(key);
      if (!object) continue;
      const bytes = new Uint8Array(await object.arrayBuffer());
      if ((await sha256Hex(bytes)) !== file.sha256) continue;
      await store.put(file.sha256, bytes);
      saved = true;
      break;
    }
    if (!saved) throw new BackupError(`no intact object in R2 for SHA-256 ${file.sha256} (${file.objectKeys.join(', ')}): missing or changed`);
  }
  return backup;
}

/** What a restore wrote. */
export interface RestoreSummary {
  rows: number;
  files: number;
  bytes: number;
}

/** The file's bytes from the backup, refused unless present, of the recorded size and SHA-256. */
async function verifiedFile(store: BackupFileStore, file: BackupFile): Promise<Uint8Array<ArrayBuffer>> {
  const bytes = await store.get(file.sha256);
  if (!bytes) throw new RestoreError(`the backup has no file ${file.sha256} (needed by ${file.objectKeys.join(', ')}); nothing was restored`);
  const actual = await sha256Hex(bytes);
  if (actual !== file.sha256 || bytes.byteLength !== file.sizeBytes) {
    throw new RestoreError(`file ${file.sha256} in the backup is damaged (SHA-256 ${actual}, ${bytes.byteLength} bytes, expected ${file.sizeBytes}); nothing was restored`);
  }
  return bytes;
}

/**
 * Loads a backup into a database that has the schema (migrations applied) but no data, and the
 * attachments' files into `files`. Everything is checked before anything is written: the
 * format, an empty database, every row's columns, and every file's presence, size and SHA-256.
 */
export async function restoreBackup(db: D1Database, files: R2Bucket, backup: Backup, store: BackupFileStore): Promise<RestoreSummary> {
  if (backup.format !== 'cong-khai-xa-backup' || (backup.version !== 1 && backup.version !== 2)) throw new RestoreError('not a backup of this portal (format/version)');
  const counts = await db.batch(BACKUP_TABLES.map((t) => db.prepare(`SELECT count(*) AS n FROM ${t}`)));
  // The migrations seed the category list; anything else already there means a live database.
  // So does migration 0014 the address salt (restored with the opinions' hashes, when the backup has it).
  // Migration 0029 the law's default thresholds (democracy_rules), replaced by the backup's own row when it has one.
  const seeded = ['categories', 'consultation_salt', 'democracy_rules'];
  const occupied = BACKUP_TABLES.filter((t, i) => !seeded.includes(t) && (counts[i]!.results[0] as { n: number }).n > 0);
  if (occupied.length) throw new RestoreError(`the target database is not empty (${occupied.join(', ')})`);
  const statements: D1PreparedStatement[] = [db.prepare('DELETE FROM categories')];
  if (backup.tables.consultation_salt?.length) statements.push(db.prepare('DELETE FROM consultation_salt'));
  if (backup.tables.democracy_rules?.length) statements.push(db.prepare('DELETE FROM democracy_rules'));
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
  const needed = backupFiles(backup);
  // Read once to check them all, and again to write: memory holds one file (up to 10 MB), not all.
  for (const file of needed) await verifiedFile(store, file);
  // The files go first. They are keyed by their SHA-256, so a restore that stops half-way and is
  // run again writes the same bytes to the same keys; the tables follow in one batch (one
  // transaction), and a database left empty by a failure can take the restore again.
  let bytes = 0;
  for (const file of needed) {
    const content = await verifiedFile(store, file);
    for (const key of file.objectKeys) {
      await files.put(key, content, { httpMetadata: { contentType: file.contentType }, customMetadata: { sha256: file.sha256 } });
    }
    bytes += content.byteLength;
  }
  await db.batch(statements);
  // Derived, so rebuilt rather than restored: a second batch, since a failure here loses nothing
  // (the next rebuild makes it again).
  await rebuildSearchIndex(db);
  return { rows: statements.length - 1, files: needed.length, bytes };
}

/**
 * The province's own database (PROVINCE_DB, schema/province-migrations/): its administrators
 * and their audit. Sessions and login throttling are short-lived and left out, as a commune's.
 * A backup of its own (`_tinh.json` beside the communes' files): it belongs to no commune, and a
 * commune's restore must never carry or lose it.
 */
const PROVINCE_BACKUP_TABLES = ['accounts', 'audit_log'] as const;

export interface ProvinceBackup {
  format: 'cong-khai-tinh-backup';
  version: 1;
  exportedAt: string;
  tables: Record<(typeof PROVINCE_BACKUP_TABLES)[number], Record<string, unknown>[]>;
}

export async function exportProvinceBackup(db: D1Database, now = new Date().toISOString()): Promise<ProvinceBackup> {
  const [accounts, audit] = await db.batch(PROVINCE_BACKUP_TABLES.map((t) => db.prepare(`SELECT * FROM ${t} ORDER BY rowid`)));
  return { format: 'cong-khai-tinh-backup', version: 1, exportedAt: now, tables: { accounts: accounts!.results as Record<string, unknown>[], audit_log: audit!.results as Record<string, unknown>[] } };
}

/**
 * Loads a province backup into a migrated, empty PROVINCE_DB, in one batch (one transaction):
 * accounts before the audit rows that name them. A database that already has an administrator
 * or an audit row is refused, as a commune's restore refuses a live database.
 */
export async function restoreProvinceBackup(db: D1Database, backup: ProvinceBackup): Promise<{ rows: number }> {
  if (backup.format !== 'cong-khai-tinh-backup' || backup.version !== 1) throw new RestoreError('not a backup of a province database (format/version)');
  const counts = await db.batch(PROVINCE_BACKUP_TABLES.map((t) => db.prepare(`SELECT count(*) AS n FROM ${t}`)));
  const occupied = PROVINCE_BACKUP_TABLES.filter((_, i) => (counts[i]!.results[0] as { n: number }).n > 0);
  if (occupied.length) throw new RestoreError(`the province database is not empty (${occupied.join(', ')})`);
  const statements: D1PreparedStatement[] = [];
  for (const table of PROVINCE_BACKUP_TABLES) {
    for (const row of backup.tables[table] ?? []) {
      const columns = Object.keys(row);
      if (!columns.every((c) => /^[a-z_][a-z0-9_]*$/.test(c))) throw new RestoreError(`bad column name in ${table}`);
      statements.push(db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`).bind(...columns.map((c) => row[c] ?? null)));
    }
  }
  if (statements.length) await db.batch(statements);
  return { rows: statements.length };
}
