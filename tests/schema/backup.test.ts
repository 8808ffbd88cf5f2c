import { applyD1Migrations, env, type D1Migration } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { insertAttachment } from '../../schema/db/attachments.ts';
import { scriptActor } from '../../schema/db/audit.ts';
import { exportBackup, restoreBackup } from '../../schema/db/backup.ts';
import { api, makeOfficial, sampleDisclosure } from '../helpers.ts';

/** A backup taken before 0008 dropped attachments.withdrawn_at still carries that column. */
async function backupFromBeforeTheDrop(withdrawnAt: string | null) {
  const official = await makeOfficial();
  const created = (await (await api(official, 'POST', '/api/v1/disclosures', sampleDisclosure({ publish: true }))).json()) as { id: number };
  await insertAttachment(
    env.DB,
    { disclosureId: created.id, fileName: 'du-toan.pdf', type: 'pdf', contentType: 'application/pdf', sizeBytes: 10, sha256: 'a'.repeat(64), objectKey: `tep/${crypto.randomUUID()}` },
    scriptActor('tests'),
    '2026-01-01T00:00:00.000Z',
  );
  const backup = await exportBackup(env.DB, '2026-01-01T00:00:00.000Z');
  const old = structuredClone(backup);
  old.tables.attachments = old.tables.attachments!.map((row) => ({ ...row, withdrawn_at: withdrawnAt }));
  return { backup, old };
}

async function emptyDatabase(): Promise<D1Database> {
  const target = (env as unknown as { RESTORE_DB: D1Database }).RESTORE_DB;
  await applyD1Migrations(target, (env as unknown as { TEST_MIGRATIONS: D1Migration[] }).TEST_MIGRATIONS);
  return target;
}

describe('restoreBackup of a backup made before attachments.withdrawn_at was dropped', () => {
  it('refuses it when the column holds a value the schema would lose, and restores it when NULL (as it always was)', async () => {
    // One test: the restore target is a single database, and a restore fills it.
    const target = await emptyDatabase();
    const withValue = await backupFromBeforeTheDrop('2025-12-01T00:00:00.000Z');
    await expect(restoreBackup(target, withValue.old)).rejects.toThrow(/attachments\.withdrawn_at/);
    const { backup, old } = await backupFromBeforeTheDrop(null);
    expect(old.tables.attachments!.length).toBeGreaterThan(0);
    await restoreBackup(target, old);
    expect(await exportBackup(target, '2026-01-01T00:00:00.000Z')).toEqual(backup);
  });
});
