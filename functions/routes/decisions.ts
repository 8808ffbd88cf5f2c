import { DECISION_FIELDS, DecisionCreateSchema, DecisionUpdateSchema } from '../../schema/community/decision.ts';
import { decisions } from '../../schema/community/decisions.db.ts';
import { decisionPath } from '../../schema/publishing/paths.ts';
import {
  approveDecisionRevision,
  createDecision,
  publishDecision,
  rejectDecisionRevision,
  updateDecision,
  withdrawDecision,
} from '../../schema/community/decisions.use-cases.ts';
import { DECISION_EXAMPLE, DecisionAnswer } from '../openapi.ts';
import { recordApi } from './community-records.ts';

/** JSON API for decisions by the people: /api/v1/decisions. */
export const decisionsApi = recordApi({
  name: 'decision',
  plural: 'decisions',
  label: 'nội dung Nhân dân quyết định',
  tag: 'Nhân dân quyết định',
  scopes: { read: 'decisions:read', write: 'decisions:write' },
  table: decisions,
  fields: DECISION_FIELDS,
  cases: { create: createDecision, update: updateDecision, publish: publishDecision, withdraw: withdrawDecision, approve: approveDecisionRevision, reject: rejectDecisionRevision },
  schemas: { create: DecisionCreateSchema, update: DecisionUpdateSchema, answer: DecisionAnswer },
  examples: { create: DECISION_EXAMPLE, update: { ...DECISION_EXAMPLE, publish: undefined, version: 1, changeNote: 'Bổ sung số hộ tham gia theo biên bản' } },
  url: decisionPath,
});
