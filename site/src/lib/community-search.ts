import { formatDate } from '../../../schema/core/dates.ts';
import { DECISION_MATTERS } from '../../../schema/community/decision.ts';
import { activityPath, boardPath, decisionPath } from '../../../schema/publishing/paths.ts';
import { ACTIVITY_KINDS, BOARD_KINDS } from '../../../schema/community/supervision.ts';
import type { CommunityData } from './community-data.ts';

/**
 * The search records of decisions, boards and activities: every one has its page in every build.
 * Withdrawn records stay findable, flagged as disclosures' records are (the results say "Đã thu hồi").
 */
export function communitySearchRecords(data: CommunityData) {
  const date = (v: string | null) => (v ? formatDate(v) : '');
  return [
    ...data.decisions.map((d) => ({
      url: decisionPath(d),
      title: d.title,
      kind: 'Nhân dân quyết định',
      meta: [DECISION_MATTERS[d.matter], date(d.heldFrom), d.places.join(', ')].filter(Boolean).join(' · '),
      text: d.summary,
      withdrawn: d.status === 'withdrawn',
    })),
    ...data.boards.map((b) => ({
      url: boardPath(b),
      title: b.name,
      kind: 'Giám sát',
      meta: BOARD_KINDS[b.kind],
      // Members' names are public (office holders); people search for them.
      text: [b.summary, ...b.members.map((m) => `${m.name} – ${m.role}`)].filter(Boolean).join('\n'),
      withdrawn: b.status === 'withdrawn',
    })),
    ...data.activities.map((a) => ({
      url: activityPath(a),
      title: a.title,
      kind: 'Giám sát',
      meta: [ACTIVITY_KINDS[a.kind], date(a.heldOn)].filter(Boolean).join(' · '),
      text: [a.body, a.recommendation, a.response].filter(Boolean).join('\n\n'),
      withdrawn: a.status === 'withdrawn',
    })),
  ];
}
