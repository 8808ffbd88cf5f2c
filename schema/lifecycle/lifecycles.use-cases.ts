import type { RecordKind } from './record-kinds.ts';
import { consultationLifecycle } from '../consultation/consultations.use-cases.ts';
import { decisionLifecycle } from '../community/decisions.use-cases.ts';
import { disclosureLifecycle } from '../disclosure/disclosures.use-cases.ts';
import type { AnyLifecycle } from './lifecycle.use-cases.ts';
import { activityLifecycle, boardLifecycle } from '../community/supervision.use-cases.ts';

/**
 * The lifecycle of each registered record kind (schema/lifecycle/record-kinds.ts), one entry per kind:
 * the type names every kind, so a kind registered without its descriptor does not compile, and
 * tests/api/lifecycle.test.ts checks each entry is its own kind's and runs the rules of withdrawal
 * and four eyes over every entry.
 */
export const LIFECYCLES: Record<RecordKind, AnyLifecycle> = {
  disclosure: disclosureLifecycle,
  decision: decisionLifecycle,
  supervision_board: boardLifecycle,
  supervision_activity: activityLifecycle,
  consultation: consultationLifecycle,
};
