import { env } from 'cloudflare:test';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { voteVerdict } from '../../schema/community/decision.ts';
import { DATASETS, records, toCsv } from '../../site/src/lib/open-data.ts';
import { loadCommunity } from '../../site/src/lib/community-data.ts';
import type { PortalData } from '../../site/src/lib/portal-data.ts';
import { failedVote } from '../fixtures/votes.ts';
import { adminCookie, api, call, makeOfficial, ORIGIN, type Official } from '../helpers.ts';

/**
 * Issue 21: the failed vote as citizens read it, from what the site build reads (the published
 * decisions in D1, site/src/lib/community-data.ts) — the page's verdict and the /du-lieu/ row —,
 * and the thresholds stored with each decision, so that raising the shares later does not
 * rewrite a published verdict ("the past never changes"). The rendered page is checked in
 * Chromium (tests/browser/pillars.test.ts).
 */

type Json = Record<string, any>;

const vote = (overrides: Json = {}): Json => failedVote(overrides);

/** The published decision as the site build reads it. */
async function published(id: number) {
  const found = (await loadCommunity(env.DB)).decisions.find((d) => d.id === id);
  expect(found, `decision ${id} is public`).toBeDefined();
  return found!;
}

/** The /du-lieu/nhan-dan-quyet-dinh.json row and .csv record of decision `id`. */
async function openDataRow(id: number): Promise<{ json: Json; csv: Record<string, string> }> {
  const dataset = DATASETS.find((d) => d.key === 'nhan-dan-quyet-dinh')!;
  const rows = records(dataset, { community: await loadCommunity(env.DB) } as PortalData);
  const csv = Papa.parse<Record<string, string>>(toCsv(dataset, rows).replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data;
  return { json: rows.find((r) => r.id === id)!, csv: csv.find((r) => Object.values(r).includes(String(id)))! };
}

async function setShares(official: Official, quorumPercent: number, passPercent: number) {
  const res = await call('/admin/don-vi/nguong', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: await adminCookie(official), origin: ORIGIN },
    body: new URLSearchParams({ quorumPercent: String(quorumPercent), passPercent: String(passPercent) }),
    redirect: 'manual',
  });
  expect(res.status).toBe(303);
}

describe('a failed vote: 100 households, 40 taking part, 30 in favour', () => {
  it('is "Không được thông qua" with 30% of ALL households and the thresholds, on the page data and in the open-data JSON and CSV', async () => {
    const official = await makeOfficial();
    const res = await api(official, 'POST', '/api/v1/decisions', vote());
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as Json;
    const d = await published(id);
    expect(d).toMatchObject({ quorumPercent: 50, passPercent: 50 });
    expect(voteVerdict(d)).toEqual({ result: 'Không được thông qua', turnoutPercent: 40, sharePercent: 30, quorumMet: false, thresholdMet: false });

    const { json, csv } = await openDataRow(id);
    expect(json).toMatchObject({ passed: false, result: 'Không được thông qua', sharePercent: 30, turnoutPercent: 40, quorumMet: false, thresholdMet: false, quorumPercent: 50, passPercent: 50 });
    expect(csv).toBeDefined();
    const cells = Object.values(csv);
    expect(cells).toContain('Không được thông qua');
    expect(cells).not.toContain('Được thông qua');
    // 30 of 100 households, never 75% (30 of the 40 who took part).
    expect(cells).toContain('30');
    expect(cells).not.toContain('75');
  });
});

describe('the thresholds stored with a decision', () => {
  it('keeps a published verdict when the unit raises the shares afterwards, and lets it be edited under the rules it was published with', async () => {
    const official = await makeOfficial();
    try {
      const res = await api(official, 'POST', '/api/v1/decisions', vote({ participating: 60, votesFor: 55, votesAgainst: 5, passed: true }));
      expect(res.status).toBe(201);
      const created = (await res.json()) as Json;
      expect(created).toMatchObject({ quorumPercent: 50, passPercent: 50 });

      await setShares(official, 70, 60);
      // The page and the open data judge it by the stored 50%, not the unit's 60% now.
      const d = await published(created.id);
      expect(d).toMatchObject({ quorumPercent: 50, passPercent: 50 });
      expect(voteVerdict(d)).toMatchObject({ result: 'Được thông qua', sharePercent: 55, quorumMet: true, thresholdMet: true });
      expect((await openDataRow(created.id)).json).toMatchObject({ result: 'Được thông qua', thresholdMet: true, passPercent: 50 });

      // A correction of a published decision is judged by its own rules, not refused by the new shares.
      const edited = await api(official, 'PUT', `/api/v1/decisions/${created.id}`, {
        ...vote({ participating: 60, votesFor: 55, votesAgainst: 5, passed: true, title: created.title, summary: 'Bàn mức đóng góp làm đường bê tông.' }),
        publish: undefined,
        version: created.version,
        changeNote: 'Sửa chính tả.',
      });
      expect(edited.status).toBe(200);
      expect((await published(created.id)).passPercent).toBe(50);

      // The same counts recorded now meet the unit's current shares, or are refused as passed.
      const now = await api(official, 'POST', '/api/v1/decisions', vote({ participating: 60, votesFor: 55, votesAgainst: 5, passed: true }));
      expect(now.status).toBe(422);
      const failedNow = (await (await api(official, 'POST', '/api/v1/decisions', vote({ participating: 60, votesFor: 55, votesAgainst: 5 }))).json()) as Json;
      expect(failedNow).toMatchObject({ quorumPercent: 70, passPercent: 60 });
      expect(voteVerdict(await published(failedNow.id))).toMatchObject({ result: 'Không được thông qua', quorumMet: false, thresholdMet: false });
    } finally {
      await env.DB.prepare('UPDATE democracy_rules SET quorum_percent = 50, pass_percent = 50 WHERE id = 1').run();
    }
  });

  it('takes the shares in force when a draft is published, and refuses to publish as passed a draft the new shares fail', async () => {
    const official = await makeOfficial();
    try {
      const draft = (await (await api(official, 'POST', '/api/v1/decisions', vote({ participating: 60, votesFor: 55, votesAgainst: 5, passed: true, publish: false }))).json()) as Json;
      expect(draft).toMatchObject({ status: 'draft', passPercent: 50 });
      await setShares(official, 50, 60);
      const refused = await api(official, 'POST', `/api/v1/decisions/${draft.id}/publish`, { version: draft.version });
      expect(refused.status).toBe(422);
      expect(JSON.stringify(await refused.json())).toContain('55/100 hộ gia đình tán thành (55% tổng số hộ gia đình), chưa đạt trên 60%');

      const other = (await (await api(official, 'POST', '/api/v1/decisions', vote({ publish: false }))).json()) as Json;
      const ok = await api(official, 'POST', `/api/v1/decisions/${other.id}/publish`, { version: other.version });
      expect(ok.status).toBe(200);
      expect((await published(other.id)).passPercent).toBe(60);
    } finally {
      await env.DB.prepare('UPDATE democracy_rules SET quorum_percent = 50, pass_percent = 50 WHERE id = 1').run();
    }
  });
});
