import { DecisionCreateSchema, DecisionUpdateSchema } from '../decision.ts';
import { decisions } from '../db/decisions.ts';
import { recordUseCases } from './community-records.ts';

/** Writing decisions by the people: create, edit (a published one with a public reason; four eyes), publish, withdraw. */
const cases = recordUseCases(decisions, { create: DecisionCreateSchema, update: DecisionUpdateSchema }, 'nội dung Nhân dân quyết định');

export const createDecision = cases.create;
export const updateDecision = cases.update;
export const publishDecision = cases.publish;
export const withdrawDecision = cases.withdraw;
export const approveDecisionRevision = cases.approve;
export const rejectDecisionRevision = cases.reject;
