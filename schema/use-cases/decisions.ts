import { DecisionCreateSchema, DecisionUpdateSchema, VOTER_UNITS, type DecisionFields } from '../decision.ts';
import { decisions } from '../db/decisions.ts';
import { getDemocracyRules } from '../db/democracy-rules.ts';
import { checkThresholds } from '../democracy-rules.ts';
import { recordUseCases, type DbCheck } from './community-records.ts';

/**
 * A decision marked passed must meet the unit's quorum and threshold, counted against all
 * households of the village / group (schema/democracy-rules.ts): checked on every create and
 * edit, drafts included, so a failed vote never reaches "Công khai" as passed.
 */
const meetsThresholds: DbCheck<DecisionFields> = async (db, d) =>
  checkThresholds(d, await getDemocracyRules(db), d.voterUnit ? VOTER_UNITS[d.voterUnit] : 'hộ (cử tri)');

/** Writing decisions by the people: create, edit (a published one with a public reason; four eyes), publish, withdraw. */
const cases = recordUseCases(decisions, { create: DecisionCreateSchema, update: DecisionUpdateSchema }, 'nội dung Nhân dân quyết định', meetsThresholds);

export const createDecision = cases.create;
export const updateDecision = cases.update;
export const publishDecision = cases.publish;
export const withdrawDecision = cases.withdraw;
export const approveDecisionRevision = cases.approve;
export const rejectDecisionRevision = cases.reject;
export const decisionLifecycle = cases.lifecycle;
