import {
  DecisionCreateSchema,
  DecisionUpdateSchema,
  VOTER_UNITS,
  type AppliedThresholds,
  type DecisionFields,
  type StoredDecisionFields,
} from './decision.ts';
import { decisions } from './decisions.db.ts';
import { getDemocracyRules } from '../unit/democracy-rules.db.ts';
import { checkThresholds } from '../unit/democracy-rules.ts';
import { recordUseCases, type DbCheck, type InForce } from './community-records.use-cases.ts';

/**
 * A decision marked passed must meet the quorum and threshold stored with it, counted against all
 * households of the village / group (schema/unit/democracy-rules.ts): checked on every create, edit and
 * publication, drafts included, so a failed vote never reaches "Công khai" as passed.
 */
const meetsThresholds: DbCheck<StoredDecisionFields> = async (_db, d) => checkThresholds(d, d, d.voterUnit ? VOTER_UNITS[d.voterUnit] : 'hộ (cử tri)');

/**
 * The unit's shares in force, stored with a decision while it is a draft and when it is published,
 * then kept: a published vote is judged by the rules it was published under, whatever the unit
 * sets later ("the past never changes").
 */
const thresholdsInForce: InForce<AppliedThresholds> = async (db) => {
  const { quorumPercent, passPercent } = await getDemocracyRules(db);
  return { quorumPercent, passPercent };
};

/** Writing decisions by the people: create, edit (a published one with a public reason; four eyes), publish, withdraw. */
const cases = recordUseCases<StoredDecisionFields, DecisionFields>(decisions, { create: DecisionCreateSchema, update: DecisionUpdateSchema }, 'nội dung Nhân dân quyết định', meetsThresholds, thresholdsInForce);

export const createDecision = cases.create;
export const updateDecision = cases.update;
export const publishDecision = cases.publish;
export const withdrawDecision = cases.withdraw;
export const approveDecisionRevision = cases.approve;
export const rejectDecisionRevision = cases.reject;
export const decisionLifecycle = cases.lifecycle;
