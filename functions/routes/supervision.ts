import {
  ACTIVITY_FIELDS,
  ActivityCreateSchema,
  ActivityUpdateSchema,
  BOARD_FIELDS,
  BoardCreateSchema,
  BoardUpdateSchema,
} from '../../schema/community/supervision.ts';
import { activities, boards } from '../../schema/community/supervision.db.ts';
import { activityPath, boardPath } from '../../schema/publishing/paths.ts';
import {
  approveActivityRevision,
  approveBoardRevision,
  createActivity,
  createBoard,
  publishActivity,
  publishBoard,
  rejectActivityRevision,
  rejectBoardRevision,
  updateActivity,
  updateBoard,
  withdrawActivity,
  withdrawBoard,
} from '../../schema/community/supervision.use-cases.ts';
import { ACTIVITY_EXAMPLE, ActivityAnswer, BOARD_EXAMPLE, BoardAnswer } from '../openapi.ts';
import { recordApi } from './community-records.ts';

/** JSON API for supervision: /api/v1/supervision/boards and /api/v1/supervision/activities. */
export const boardsApi = recordApi({
  name: 'supervisionBoard',
  plural: 'supervisionBoards',
  label: 'ban, tổ giám sát',
  tag: 'Giám sát',
  scopes: { read: 'supervision:read', write: 'supervision:write' },
  table: boards,
  fields: BOARD_FIELDS,
  cases: { create: createBoard, update: updateBoard, publish: publishBoard, withdraw: withdrawBoard, approve: approveBoardRevision, reject: rejectBoardRevision },
  schemas: { create: BoardCreateSchema, update: BoardUpdateSchema, answer: BoardAnswer },
  examples: { create: BOARD_EXAMPLE, update: { ...BOARD_EXAMPLE, publish: undefined, version: 1, changeNote: 'Bổ sung thành viên' } },
  url: boardPath,
});

export const activitiesApi = recordApi({
  name: 'supervisionActivity',
  plural: 'supervisionActivities',
  label: 'hoạt động giám sát',
  tag: 'Giám sát',
  scopes: { read: 'supervision:read', write: 'supervision:write' },
  table: activities,
  fields: ACTIVITY_FIELDS,
  cases: { create: createActivity, update: updateActivity, publish: publishActivity, withdraw: withdrawActivity, approve: approveActivityRevision, reject: rejectActivityRevision },
  schemas: { create: ActivityCreateSchema, update: ActivityUpdateSchema, answer: ActivityAnswer },
  examples: { create: ACTIVITY_EXAMPLE, update: { ...ACTIVITY_EXAMPLE, publish: undefined, version: 1, changeNote: 'Bổ sung ngày trả lời' } },
  url: activityPath,
});
