import {
  ActivityCreateSchema,
  ActivityUpdateSchema,
  BoardCreateSchema,
  BoardUpdateSchema,
  type ActivityFields,
  type BoardFields,
} from './supervision.ts';
import { activities, boards } from './supervision.db.ts';
import { publicCategoryOf } from '../disclosure/disclosures.db.ts';
import type { FieldError } from '../core/validation.ts';
import { recordUseCases } from './community-records.use-cases.ts';
import { disclosurePath } from '../publishing/paths.ts';

/**
 * Writing the supervision boards, their teams and activities. Links must point at what exists:
 * a team at a Community Investment Supervision Board, an activity at a board, a supervised work
 * at an investment-project disclosure.
 */

async function checkParent(db: D1Database, fields: BoardFields): Promise<FieldError[]> {
  if (fields.parentId === null) return [];
  const parent = await boards.get(db, fields.parentId);
  if (!parent || parent.kind !== 'giam_sat_dau_tu') return [{ field: 'parentId', message: 'Ban cấp trên phải là một Ban giám sát đầu tư của cộng đồng đã có trên cổng.' }];
  return [];
}

/** The investment-project category of Điều 11 (migration 0001): supervised works are disclosed there. */
const PROJECT_CATEGORY = 'du-an-dau-tu';

async function checkLinks(db: D1Database, fields: ActivityFields): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  if (!(await boards.get(db, fields.boardId))) errors.push({ field: 'boardId', message: 'Ban, tổ này không có trên cổng: hãy chọn trong danh sách.' });
  for (const slug of fields.works) {
    const category = await publicCategoryOf(db, slug);
    if (category === null) errors.push({ field: 'works', message: `Không có trang công khai ${disclosurePath({ slug })}: hãy dán địa chỉ trang dự án đã công khai.` });
    else if (category !== PROJECT_CATEGORY) errors.push({ field: 'works', message: `${disclosurePath({ slug })} không thuộc lĩnh vực "Dự án, công trình đầu tư".` });
  }
  return errors;
}

const boardCases = recordUseCases(boards, { create: BoardCreateSchema, update: BoardUpdateSchema }, 'ban, tổ giám sát', checkParent);
const activityCases = recordUseCases(activities, { create: ActivityCreateSchema, update: ActivityUpdateSchema }, 'hoạt động giám sát', checkLinks);

export const createBoard = boardCases.create;
export const updateBoard = boardCases.update;
export const publishBoard = boardCases.publish;
export const withdrawBoard = boardCases.withdraw;
export const approveBoardRevision = boardCases.approve;
export const rejectBoardRevision = boardCases.reject;
export const boardLifecycle = boardCases.lifecycle;
export const activityLifecycle = activityCases.lifecycle;
export const createActivity = activityCases.create;
export const updateActivity = activityCases.update;
export const publishActivity = activityCases.publish;
export const withdrawActivity = activityCases.withdraw;
export const approveActivityRevision = activityCases.approve;
export const rejectActivityRevision = activityCases.reject;
