import type { StoredDecisionFields } from './decision.ts';
import { recordTable } from './community-records.db.ts';
import { bool, int, json, nullable, text } from '../core/columns.db.ts';

/** All SQL for the `decisions` table (decisions by the people); rules live in schema/community/decisions.use-cases.ts. */
export const decisions = recordTable<StoredDecisionFields>('decisions', 'decision', {
  title: text('title'),
  matter: text('matter'),
  path: nullable(text('path')),
  scope: nullable(text('scope')),
  places: json('places'),
  form: nullable(text('form')),
  heldFrom: nullable(text('held_from')),
  heldTo: nullable(text('held_to')),
  periodLabel: text('period_label'),
  voterUnit: nullable(text('voter_unit')),
  eligible: nullable(int('eligible')),
  participating: nullable(int('participating')),
  votesFor: nullable(int('votes_for')),
  votesAgainst: nullable(int('votes_against')),
  votesBlank: nullable(int('votes_blank')),
  passed: nullable(bool('passed')),
  summary: text('summary'),
  recognisingBody: text('recognising_body'),
  recognisedBy: text('recognised_by'),
  recognisedOn: nullable(text('recognised_on')),
  source: text('source'),
  // The thresholds it is judged by (migration 0035), taken from democracy_rules by the use case.
  quorumPercent: int('quorum_percent'),
  passPercent: int('pass_percent'),
});
