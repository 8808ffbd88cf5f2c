import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { NewAccountSchema } from '../../schema/accounts/account.ts';
import { ATTACHMENT_STATE_CODES } from '../../schema/disclosure/attachment.ts';
import { PendingRevisionSchema } from '../../schema/lifecycle/revision.ts';
import { DisclosureFieldsSchema, DisclosureSchema } from '../../schema/disclosure/disclosure.ts';
import { HolidaySchema } from '../../schema/calendar/holidays.ts';
import { PeriodSchema } from '../../schema/statistics/period.ts';
import { REPORT_PERIOD_KINDS, REPORT_STATUSES } from '../../schema/report/democracy-report.ts';
import { ExtraSessionSchema, ReceptionRuleSchema, SessionChangeSchema } from '../../schema/reception/reception.ts';
import { UnitSchema } from '../../schema/unit/unit.ts';
import {
  ConsultationFieldsSchema,
  ConsultationSchema,
  ModerationSchema,
  OpinionStatusSchema,
} from '../../schema/consultation/consultation.ts';
import { DecisionFieldsSchema, DecisionSchema } from '../../schema/community/decision.ts';
import { ActivityFieldsSchema, ActivitySchema, BoardFieldsSchema, BoardSchema } from '../../schema/community/supervision.ts';

/**
 * Every `CHECK (column IN (…))` list of the live schema (sqlite_master, after all migrations)
 * must equal the zod enum that validates the same column, so a code added on one side only
 * fails here. A CHECK list this file cannot match to an enum fails too: a new one has to be
 * added below.
 */

type Literal = string | number;
const enumValues = (schema: z.ZodType): Literal[] => {
  const inner = 'unwrap' in schema && typeof schema.unwrap === 'function' && !('options' in schema) ? (schema.unwrap() as z.ZodType) : schema;
  return [...((inner as unknown as { options: Literal[] }).options ?? [])];
};
/** A code that may be unknown (`z.preprocess(…, z.enum(…).nullable())`): the enum's values. */
const nullableEnumValues = (schema: z.ZodType): Literal[] => {
  const out = (schema as unknown as { _zod: { def: { out: z.ZodType } } })._zod.def.out;
  return enumValues(out);
};
/** A zod boolean is stored as 0/1: prove it is a boolean field, then give its SQL values. */
const booleanValues = (schema: z.ZodType): Literal[] => {
  if (!schema.safeParse(true).success || !schema.safeParse(false).success || schema.safeParse('ja').success) throw new Error('not a boolean field');
  return [0, 1];
};

/** table.column → [the zod field it is checked against, the values that zod field accepts]. */
const ENUMS: Record<string, [string, Literal[]]> = {
  'unit.kind': ['UnitSchema.kind', enumValues(UnitSchema.shape.kind)],
  'attachments.state': ['ATTACHMENT_STATE_CODES', [...ATTACHMENT_STATE_CODES]],
  'pending_revisions.decision': ['PendingRevisionSchema.decision', enumValues(PendingRevisionSchema.shape.decision)],
  'unit.four_eyes': ['UnitSchema.fourEyes (boolean)', booleanValues(UnitSchema.shape.fourEyes)],
  'unit.demo_data': ['UnitSchema.demoData (boolean)', booleanValues(UnitSchema.shape.demoData)],
  'accounts.role': ['NewAccountSchema.role', enumValues(NewAccountSchema.shape.role)],
  'disclosures.status': ['DisclosureSchema.status', enumValues(DisclosureSchema.shape.status)],
  'disclosures.plan_status': ['DisclosureFieldsSchema.planStatus', enumValues(DisclosureFieldsSchema.shape.planStatus)],
  'disclosures.short_posting_ground': ['DisclosureFieldsSchema.shortPostingGround', enumValues(DisclosureFieldsSchema.shape.shortPostingGround)],
  'disclosures.permanent': ['DisclosureFieldsSchema.permanent (boolean)', booleanValues(DisclosureFieldsSchema.shape.permanent)],
  'reception_rules.frequency': ['ReceptionRuleSchema.frequency', enumValues(ReceptionRuleSchema.shape.frequency)],
  'reception_rules.holiday_policy': ['ReceptionRuleSchema.holidayPolicy', enumValues(ReceptionRuleSchema.shape.holidayPolicy)],
  'reception_changes.kind': ['SessionChangeSchema.kind', enumValues(SessionChangeSchema.shape.kind)],
  'reception_extra_sessions.kind': ['ExtraSessionSchema.kind', enumValues(ExtraSessionSchema.shape.kind)],
  'holidays.kind': ['HolidaySchema.kind', enumValues(HolidaySchema.shape.kind)],
  'procedure_reports.period_kind': ['PeriodSchema.kind', enumValues(PeriodSchema.shape.kind)],
  'petition_stats.period_kind': ['PeriodSchema.kind', enumValues(PeriodSchema.shape.kind)],
  'democracy_reports.period_kind': ['REPORT_PERIOD_KINDS', Object.keys(REPORT_PERIOD_KINDS)],
  'democracy_reports.status': ['REPORT_STATUSES', Object.keys(REPORT_STATUSES)],
  'consultations.subject': ['ConsultationFieldsSchema.subject', enumValues(ConsultationFieldsSchema.shape.subject)],
  'consultations.illustration': ['ConsultationFieldsSchema.illustration (boolean)', booleanValues(ConsultationFieldsSchema.shape.illustration)],
  'consultations.status': ['ConsultationSchema.status', enumValues(ConsultationSchema.shape.status)],
  'consultations.summary_status': ['ConsultationSchema.summaryStatus', enumValues(ConsultationSchema.shape.summaryStatus)],
  'consultation_opinions.status': ['OpinionStatusSchema', enumValues(OpinionStatusSchema)],
  'consultation_opinions.show_name': ['ModerationSchema publish.showName (boolean)', booleanValues(ModerationSchema.options[0].shape.showName)],
  'decisions.matter': ['DecisionFieldsSchema.matter', enumValues(DecisionFieldsSchema.shape.matter)],
  'decisions.scope': ['DecisionFieldsSchema.scope', nullableEnumValues(DecisionFieldsSchema.shape.scope)],
  'decisions.form': ['DecisionFieldsSchema.form', nullableEnumValues(DecisionFieldsSchema.shape.form)],
  'decisions.voter_unit': ['DecisionFieldsSchema.voterUnit', nullableEnumValues(DecisionFieldsSchema.shape.voterUnit)],
  'decisions.passed': ['DecisionFieldsSchema.passed (boolean)', booleanValues(DecisionFieldsSchema.shape.passed)],
  'decisions.status': ['DecisionSchema.status', enumValues(DecisionSchema.shape.status)],
  'supervision_boards.kind': ['BoardFieldsSchema.kind', enumValues(BoardFieldsSchema.shape.kind)],
  'supervision_boards.status': ['BoardSchema.status', enumValues(BoardSchema.shape.status)],
  'supervision_activities.kind': ['ActivityFieldsSchema.kind', enumValues(ActivityFieldsSchema.shape.kind)],
  'supervision_activities.status': ['ActivitySchema.status', enumValues(ActivitySchema.shape.status)],
  // The entities whose public history the table keeps: the record tables of migration 0013.
  // pending_revisions.entity and community_revisions.entity: record kinds, a growing list checked in code
  // since migration 0033 (schema/lifecycle/record-kinds.ts; tests/api/record-kinds.test.ts compares rows and registry).
  // pending_revisions.kind: the kinds of change, a list the lifecycle grows (withdraw, 0034), checked in
  // code since migration 0034 (REVISION_KINDS; tests/api/lifecycle.test.ts compares rows and code).
};

/** `IN` lists that are arithmetic, not enumerations, each with the reason. */
const NOT_ENUMS: Record<string, string> = {
};

interface Found {
  table: string;
  column: string;
  /** The CHECK expression, for messages. */
  check: string;
  values: Literal[] | null;
}

/** The body of every `CHECK (…)` in a CREATE TABLE statement, parentheses balanced. */
function checkBodies(sql: string): string[] {
  const bodies: string[] = [];
  for (const match of sql.matchAll(/\bCHECK\s*\(/gi)) {
    let depth = 1;
    let i = match.index + match[0].length;
    const start = i;
    for (; i < sql.length && depth > 0; i++) {
      if (sql[i] === "'") i = sql.indexOf("'", i + 1); // skip string literals ('(' inside them)
      else if (sql[i] === '(') depth++;
      else if (sql[i] === ')') depth--;
    }
    bodies.push(sql.slice(start, i - 1).trim());
  }
  return bodies;
}

/** A literal of an IN list, or null when the item is an expression. */
function literal(item: string): Literal | null {
  const text = item.trim();
  if (/^'(?:[^']|'')*'$/.test(text)) return text.slice(1, -1).replace(/''/g, "'");
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  return null;
}

function inLists(table: string, sql: string): Found[] {
  const found: Found[] = [];
  for (const body of checkBodies(sql)) {
    for (const m of body.matchAll(/([A-Za-z_][A-Za-z0-9_]*)\s+IN\s*\(((?:'(?:[^']|'')*'|[^()'])*)\)/gi)) {
      const items = (m[2]!.match(/'(?:[^']|'')*'|[^,]+/g) ?? []).map(literal);
      found.push({ table, column: m[1]!, check: body, values: items.some((v) => v === null) ? null : (items as Literal[]) });
    }
  }
  return found;
}

const sorted = (values: Literal[]) => [...values].map(String).sort();

describe('SQL CHECK lists and zod enums', () => {
  it('every CHECK (column IN (…)) list of the migrated schema equals its zod enum', async () => {
    const { results } = await env.DB.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql IS NOT NULL").all<{ name: string; sql: string }>();
    const found = results.flatMap((t) => inLists(t.name, t.sql));
    const compared: string[] = [];
    const unmatched: string[] = [];
    for (const f of found) {
      const key = `${f.table}.${f.column}`;
      const expected = ENUMS[key];
      if (f.values && expected) {
        expect(sorted(f.values), `${key}: SQL CHECK (${f.check}) against ${expected[0]}`).toEqual(sorted(expected[1]));
        compared.push(`${key} = ${expected[0]}: ${sorted(f.values).join(', ')}`);
      } else if (!f.values && NOT_ENUMS[`${f.table}: ${f.check}`]) {
        compared.push(`${f.table}: ${f.check} — not an enum: ${NOT_ENUMS[`${f.table}: ${f.check}`]}`);
      } else {
        unmatched.push(`${key}: CHECK (${f.check})`);
      }
    }
    console.log(`Compared ${compared.length} CHECK lists:\n  ${compared.join('\n  ')}`);
    expect(unmatched, 'CHECK lists with no zod enum in tests/api/sql-checks.test.ts').toEqual([]);
    // A stale entry (a column renamed or its CHECK dropped) fails as well.
    expect(Object.keys(ENUMS).filter((key) => !found.some((f) => `${f.table}.${f.column}` === key))).toEqual([]);
    expect(found.length).toBeGreaterThanOrEqual(Object.keys(ENUMS).length);
  });

  it('reads CHECK lists the way the test above relies on', () => {
    // The parser itself, on a statement shaped like the migrations: nested parentheses, quotes.
    const sql = `CREATE TABLE t (a TEXT CHECK (a IN ('x', 'it''s')), b INTEGER CHECK (b IN (0, 1)), c TEXT CHECK (length(c) > 0 AND c IN ('(')), CHECK (a + b IN (0, c)))`;
    expect(inLists('t', sql).map((f) => [f.column, f.values])).toEqual([
      ['a', ['x', "it's"]],
      ['b', [0, 1]],
      ['c', ['(']],
      ['b', null],
    ]);
  });
});
