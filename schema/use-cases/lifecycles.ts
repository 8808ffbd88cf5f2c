import type { RecordKind } from '../record-kinds.ts';
import { consultationLifecycle } from './consultations.ts';
import { decisionLifecycle } from './decisions.ts';
import { disclosureLifecycle } from './disclosures.ts';
import type { AnyLifecycle } from './lifecycle.ts';
import { activityLifecycle, boardLifecycle } from './supervision.ts';

/**
 * The lifecycle of each registered record kind (schema/record-kinds.ts), one entry per kind:
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
