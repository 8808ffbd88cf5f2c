import type { RecordRevision } from '../../../schema/community/community-record.ts';
import { DecisionSchema, type Decision } from '../../../schema/community/decision.ts';
import { decisions } from '../../../schema/community/decisions.db.ts';
import { activities, boards } from '../../../schema/community/supervision.db.ts';
import { splitPublishable } from '../../../schema/publishing/publish.ts';
import { ActivitySchema, BoardSchema, type Activity, type Board } from '../../../schema/community/supervision.ts';

/**
 * What the pages of the people's pillars show, read once per build with the rest of the
 * portal's data (portal-data.ts): published and withdrawn decisions, boards and activities, and
 * the public history of each. Drafts never leave D1. Check `status` before calling one live.
 */
export interface CommunityData {
  /** Published and withdrawn decisions, newest first (a withdrawn one stays public, marked, with its reason). */
  decisions: Decision[];
  /** Published and withdrawn boards and teams, boards first, each kind in the order of BOARD_KINDS. */
  boards: Board[];
  /** Published and withdrawn activities whose board is public, newest first. */
  activities: Activity[];
  revisions: { decision: Map<number, RecordRevision[]>; board: Map<number, RecordRevision[]>; activity: Map<number, RecordRevision[]> };
}

const BOARD_ORDER = ['thanh_tra_nhan_dan', 'giam_sat_dau_tu', 'to_giam_sat'];

/** Published rows that still pass their schema; a row that does not is named in the build log and left out. */
function publishable<T extends { id: number; slug: string }>(rows: T[], schema: Parameters<typeof splitPublishable>[1], label: string): T[] {
  const { publishable: ok, left } = splitPublishable(rows, schema);
  for (const row of left) console.warn(`Không xuất bản được: ${label} số ${row.id} (${row.slug}): ${row.reason}`);
  return ok;
}

export async function loadCommunity(db: D1Database): Promise<CommunityData> {
  const [d, b, a, rd, rb, ra] = await Promise.all([
    decisions.list(db, { publishedOnly: true }),
    boards.list(db, { publishedOnly: true }),
    activities.list(db, { publishedOnly: true }),
    decisions.revisions(db),
    boards.revisions(db),
    activities.revisions(db),
  ]);
  const shownBoards = publishable(b, BoardSchema, 'ban, tổ giám sát')
    // A team is shown only under a published board.
    .filter((x, _i, all) => x.parentId === null || all.some((p) => p.id === x.parentId))
    .sort((x, y) => BOARD_ORDER.indexOf(x.kind) - BOARD_ORDER.indexOf(y.kind) || x.name.localeCompare(y.name, 'vi'));
  const boardIds = new Set(shownBoards.map((x) => x.id));
  return {
    decisions: publishable(d, DecisionSchema, 'nội dung Nhân dân quyết định'),
    boards: shownBoards,
    activities: publishable(a, ActivitySchema, 'hoạt động giám sát').filter((x) => boardIds.has(x.boardId)),
    revisions: { decision: rd, board: rb, activity: ra },
  };
}
