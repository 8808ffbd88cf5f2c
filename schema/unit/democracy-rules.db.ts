import { DEFAULT_DEMOCRACY_RULES, type DemocracyRules } from './democracy-rules.ts';
import { columnMap, int } from '../core/columns.db.ts';

/** SQL for the single row of the law's thresholds (schema/unit/democracy-rules.ts). */

const RULES = columnMap<DemocracyRules>({
  quorumPercent: int('quorum_percent'),
  passPercent: int('pass_percent'),
  consultationMinDays: int('consultation_min_days'),
  resultDueDays: int('result_due_days'),
  inspectionBoardMinMembers: int('inspection_board_min_members'),
  investmentBoardMinMembers: int('investment_board_min_members'),
  boardTermMaxMonths: int('board_term_max_months'),
});

/** The unit's thresholds; the law's defaults when the row is missing. */
export async function getDemocracyRules(db: D1Database): Promise<DemocracyRules> {
  const r = await db.prepare('SELECT * FROM democracy_rules WHERE id = 1').first();
  return r ? RULES.read(r) : DEFAULT_DEMOCRACY_RULES;
}

export function saveDemocracyRules(db: D1Database, rules: DemocracyRules, now: string): D1PreparedStatement {
  const { columns, placeholders, values } = RULES.write(rules);
  return db
    .prepare(
      `INSERT INTO democracy_rules (id, ${columns}, updated_at) VALUES (1, ${placeholders}, ?)
       ON CONFLICT (id) DO UPDATE SET ${RULES.setExcluded()}, updated_at = excluded.updated_at`,
    )
    .bind(...values, now);
}
