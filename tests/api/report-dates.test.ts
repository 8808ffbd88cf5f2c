import { env } from 'cloudflare:test';
import { strFromU8, unzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scriptActor } from '../../schema/accounts/audit.db.ts';
import { getDisclosure } from '../../schema/disclosure/disclosures.db.ts';
import { committeeName } from '../../schema/unit/unit.ts';
import { todayInVietnam } from '../../schema/core/dates.ts';
import { createReport, publishReport, updateReport } from '../../schema/report/democracy-reports.use-cases.ts';
import { api, makeOfficial, uniqueYear } from '../helpers.ts';

/**
 * A report's date is a Vietnamese calendar day, and the committee is named as it was called on
 * that day (schema/unit/unit-names.db.ts getUnitOn): in the published disclosure and in the Word file.
 */

const OLD = { kind: 'xa' as const, name: 'Thử Tên Cũ' };
const NEW = { kind: 'phuong' as const, name: 'Thử Tên Mới' };

/** The stored (latest) name is NEW; OLD was in force for dates before `renamedOn`. */
async function renamed(renamedOn: string) {
  await env.DB.batch([
    env.DB.prepare(
      "INSERT INTO unit (id, kind, name, place_name, updated_at, four_eyes) VALUES (1, ?, ?, 'Thử', '2025-01-01', 0) ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, name = excluded.name, four_eyes = 0",
    ).bind(NEW.kind, NEW.name),
    env.DB.prepare('DELETE FROM unit_names'),
    env.DB.prepare('INSERT INTO unit_names (valid_until, kind, name) VALUES (?, ?, ?)').bind(renamedOn, OLD.kind, OLD.name),
  ]);
}

/** A draft of the first half of `year` numbered `number`, then published at the instant `now`. */
async function publishAt(year: number, number: string, now: string) {
  const ctx = { db: env.DB, actor: scriptActor('test'), now };
  const draft = (await createReport(ctx, { kind: 'half', year, number: 1 })).value;
  await updateReport(ctx, draft.id, { version: draft.version, documentNumber: number });
  const published = (await publishReport(ctx, draft.id, { version: draft.version + 1, category: 'thong-tin-khac' })).value;
  return { id: draft.id, disclosure: (await getDisclosure(env.DB, published.disclosureId!))! };
}

async function docxText(res: Response): Promise<string> {
  expect(res.status).toBe(200);
  return strFromU8(unzipSync(new Uint8Array(await res.arrayBuffer()))['word/document.xml']!).replace(/<[^>]+>/g, '');
}

beforeEach(() => renamed('2099-01-01'));
afterEach(async () => {
  await env.DB.prepare('DELETE FROM unit_names').run();
});

describe('publishing a report (schema/report/democracy-reports.use-cases.ts)', () => {
  it('dates it by the day in Vietnam: published at 18:30 UTC on 27/11/2026 (01:30 on 28/11 in Vietnam) it is issued on 28/11, under the name in force that day', async () => {
    // The rename takes effect on 28/11/2026: the UTC day (27/11) would still give the old name.
    await renamed('2026-11-28');
    const { disclosure } = await publishAt(uniqueYear(), '81/BC-UBND', '2026-11-27T18:30:00.000Z');
    expect(disclosure.issuedOn).toBe('2026-11-28');
    expect(disclosure.postingStart).toBe('2026-11-28');
    expect(disclosure.issuer).toBe(committeeName(NEW));
  });
});

describe('GET /api/v1/reports/docx', () => {
  it('heads a draft with the name in force today, not a rename planned for a later date', async () => {
    const official = await makeOfficial();
    const text = await docxText(await api(official, 'GET', `/api/v1/reports/docx?kind=half&year=${uniqueYear()}&number=1`));
    expect(text).toContain('XÃ THỬ TÊN CŨ');
    expect(text).not.toContain('TÊN MỚI');
  });

  it('heads a published report with the name in force on its issue date, not today\'s', async () => {
    // Issued on 01/03/2025 under the old name; renamed from 01/06/2025, so today's name is the new one.
    await renamed('2025-06-01');
    const year = uniqueYear();
    const { disclosure } = await publishAt(year, '82/BC-UBND', '2025-03-01T03:00:00.000Z');
    expect(disclosure.issuer).toBe(committeeName(OLD));
    const official = await makeOfficial();
    const text = await docxText(await api(official, 'GET', `/api/v1/reports/docx?kind=half&year=${year}&number=1`));
    expect(text).toContain('XÃ THỬ TÊN CŨ');
    expect(text).not.toContain('TÊN MỚI');
    // The place-date line carries the issue date as Decree 30 writes it (tháng 3, not 03 nor the period's year).
    expect(text).toContain(', ngày 01 tháng 3 năm 2025');
    // A draft of another period, on the same day, is headed with today's name.
    const draft = await docxText(await api(official, 'GET', `/api/v1/reports/docx?kind=half&year=${uniqueYear()}&number=1`));
    expect(draft).toContain('PHƯỜNG THỬ TÊN MỚI');
    // A draft's day and month are left for the signer; the year is the one it is written in.
    expect(draft).toMatch(new RegExp(`, ngày\\s+tháng\\s+năm ${todayInVietnam().slice(0, 4)}`));
  });
});
