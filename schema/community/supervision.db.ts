import type { ActivityFields, BoardFields } from './supervision.ts';
import { recordTable } from './community-records.db.ts';
import { int, json, nullable, text } from '../core/columns.db.ts';

/** All SQL for the supervision boards and their activities; rules live in schema/community/supervision.use-cases.ts. */
export const boards = recordTable<BoardFields>('supervision_boards', 'supervision_board', {
  kind: text('kind'),
  name: text('name'),
  parentId: nullable(int('parent_id')),
  termFrom: nullable(text('term_from')),
  termTo: nullable(text('term_to')),
  foundedBy: text('founded_by'),
  foundedOn: nullable(text('founded_on')),
  recognisedByBody: text('recognised_by_body'),
  members: json('members'),
  summary: text('summary'),
  source: text('source'),
});

export const activities = recordTable<ActivityFields>('supervision_activities', 'supervision_activity', {
  boardId: int('board_id'),
  kind: text('kind'),
  title: text('title'),
  heldOn: nullable(text('held_on')),
  periodLabel: text('period_label'),
  body: text('body'),
  recommendation: text('recommendation'),
  response: text('response'),
  respondedOn: nullable(text('responded_on')),
  works: json('works'),
  source: text('source'),
});
