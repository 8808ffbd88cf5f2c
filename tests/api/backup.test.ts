import { applyD1Migrations, env, type D1Migration } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../schema/core/crypto.ts';
import { insertAttachment } from '../../schema/disclosure/attachments.db.ts';
import { scriptActor } from '../../schema/accounts/audit.db.ts';
import { exportBackup, restoreBackup, type BackupFileStore } from '../../schema/core/backup.db.ts';
import { api, makeOfficial, sampleDisclosure } from '../helpers.ts';

/** The backup's files, in memory. */
const kept = new Map<string, Uint8Array<ArrayBuffer>>();
const store: BackupFileStore = { put: async (sha256, bytes) => void kept.set(sha256, bytes), get: async (sha256) => kept.get(sha256) ?? null };

/** A backup taken before 0009: attachments without state or withdrawal columns, no pending_revisions. */
async function backupFromBefore0009() {
  const official = await makeOfficial();
  const created = (await (await api(official, 'POST', '/api/v1/disclosures', sampleDisclosure({ publish: true }))).json()) as { id: number };
  const bytes = new TextEncoder().encode(`%PDF-1.4\n% ${crypto.randomUUID()}\n%%EOF\n`);
  const sha256 = await sha256Hex(bytes);
  const objectKey = `tep/${created.id}/${sha256}`;
  await env.FILES.put(objectKey, bytes);
  await insertAttachment(
    env.DB,
    // The words of a PDF (migration 0032) are data like any other column: they go with the backup.
    { disclosureId: created.id, fileName: 'du-toan.pdf', type: 'pdf', contentType: 'application/pdf', sizeBytes: bytes.byteLength, sha256, objectKey, textContent: 'Dự toán thu chi năm 2026' },
    scriptActor('tests'),
    '2026-01-01T00:00:00.000Z',
  );
  const backup = await exportBackup(env.DB, env.FILES, store, '2026-01-01T00:00:00.000Z');
  const old = structuredClone(backup);
  old.tables.attachments = old.tables.attachments!.map(({ state: _s, withdrawn_at: _w, withdrawal_reason: _r, ...row }) => row);
  delete old.tables.pending_revisions;
  return { backup, old };
}

const restoreFiles = (env as unknown as { RESTORE_FILES: R2Bucket }).RESTORE_FILES;

async function emptyDatabase(): Promise<D1Database> {
  const target = (env as unknown as { RESTORE_DB: D1Database }).RESTORE_DB;
  await applyD1Migrations(target, (env as unknown as { TEST_MIGRATIONS: D1Migration[] }).TEST_MIGRATIONS);
  return target;
}

describe('restoreBackup of a backup made before attachments had a state (0009)', () => {
  it('restores every file as attached, as the portal served them then', async () => {
    const target = await emptyDatabase();
    const { backup, old } = await backupFromBefore0009();
    expect(old.tables.attachments!.length).toBeGreaterThan(0);
    expect(backup.tables.attachments!.at(-1)).toMatchObject({ file_name: 'du-toan.pdf', text_content: 'Dự toán thu chi năm 2026' });
    await restoreBackup(target, restoreFiles, old, store);
    expect(await exportBackup(target, restoreFiles, store, '2026-01-01T00:00:00.000Z')).toEqual(backup);
  });
});
