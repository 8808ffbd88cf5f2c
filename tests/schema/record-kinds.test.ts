import { describe, expect, it } from 'vitest';
import { API_SCOPES } from '../../schema/accounts/api-scopes.ts';
import { BACKUP_TABLES } from '../../schema/core/backup.db.ts';
import { COMMUNITY_RECORD_KINDS, RECORD_KIND_CODES, RECORD_KINDS } from '../../schema/lifecycle/record-kinds.ts';
import { PendingRevisionSchema } from '../../schema/lifecycle/revision.ts';
import { SEARCH_KINDS } from '../../schema/publishing/search.ts';
import { DATASETS } from '../../site/src/lib/open-data.ts';

/**
 * The registry of record kinds (schema/lifecycle/record-kinds.ts) is the one list: every other place that
 * names kinds must name every registered one. A kind registered and forgotten in any of them
 * fails here, with the list it is missing from. (The search index's SELECTs and labels are
 * typed by the registry, so a kind missing there does not even compile.)
 */

const backupTables: readonly string[] = BACKUP_TABLES;

describe.each(RECORD_KIND_CODES)('record kind %s', (kind) => {
  const k = RECORD_KINDS[kind];

  it('a pending change may name it (PendingRevisionSchema.entity)', () => {
    expect(PendingRevisionSchema.shape.entity.options).toContain(kind);
  });

  it('its table and its change history go into a backup', () => {
    expect(backupTables).toContain(k.table);
    expect(backupTables).toContain(k.history.split('.')[0]);
  });

  it('the search index has a label for it', () => {
    expect(Object.keys(SEARCH_KINDS)).toContain(k.search);
  });

  it('API tokens can read and write it', () => {
    expect(Object.keys(API_SCOPES)).toEqual(expect.arrayContaining([`${k.scope}:read`, `${k.scope}:write`]));
  });

  it('it has an open-data set under /du-lieu/', () => {
    expect(DATASETS.map((d) => d.key)).toContain(k.dataset);
  });
});

describe('the registry', () => {
  it('keeps in community_revisions exactly the kinds whose history is there', () => {
    expect(COMMUNITY_RECORD_KINDS).toEqual(['decision', 'supervision_board', 'supervision_activity']);
  });

  it('gives each kind its own table, search code and open-data set', () => {
    for (const key of ['table', 'search', 'dataset'] as const) {
      const values = RECORD_KIND_CODES.map((kind) => RECORD_KINDS[kind][key]);
      expect(new Set(values).size, key).toBe(values.length);
    }
  });

  it('lists in PendingRevisionSchema.entity no kind it does not hold', () => {
    expect([...PendingRevisionSchema.shape.entity.options].sort()).toEqual([...RECORD_KIND_CODES].sort());
  });
});
