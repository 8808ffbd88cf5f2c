import { Hono } from 'hono';
import { jsxRenderer } from 'hono/jsx-renderer';
import { describe, expect, it } from 'vitest';
import { fieldLabel } from '../../schema/accounts/audit-labels.ts';
import { CONSULTATION_FIELDS, ConsultationFieldsSchema } from '../../schema/consultation/consultation.ts';
import { DECISION_FIELDS, DecisionFieldsSchema } from '../../schema/community/decision.ts';
import { DISCLOSURE_FIELDS, DisclosureFieldsSchema, disclosureEditOver, type Disclosure } from '../../schema/disclosure/disclosure.ts';
import { editOver, labelsOf, type FieldSpec } from '../../schema/core/fields.ts';
import { ACTIVITY_FIELDS, ActivityFieldsSchema, BOARD_FIELDS, BoardFieldsSchema } from '../../schema/community/supervision.ts';
import { PendingChangePanel } from '../../functions/admin/pending-revision.tsx';

/**
 * A field is declared once (issue 20.2): every field of every record kind's schema has its line in
 * the field list beside it (label, control), and the pending panel and the audit log read their
 * labels from there, so no field can be missing from what an approver or an auditor reads.
 */

const KINDS = [
  ['disclosure', DisclosureFieldsSchema, DISCLOSURE_FIELDS],
  ['decision', DecisionFieldsSchema, DECISION_FIELDS],
  ['supervision board', BoardFieldsSchema, BOARD_FIELDS],
  ['supervision activity', ActivityFieldsSchema, ACTIVITY_FIELDS],
  ['consultation', ConsultationFieldsSchema, CONSULTATION_FIELDS],
] as const;

describe.each(KINDS)('the field list of a %s', (_kind, schema, list) => {
  it("names exactly the schema's fields", () => {
    expect(Object.keys(list).sort()).toEqual(Object.keys(schema.shape).sort());
  });
  it('gives each field a Vietnamese label and a control', () => {
    for (const f of Object.values(list) as FieldSpec[]) {
      expect(f.label.trim()).not.toBe('');
      expect(['text', 'date', 'textarea', 'select', 'custom']).toContain(f.control);
    }
  });
});

describe("the audit log's labels of a disclosure", () => {
  // Before issue 20.2 the audit log kept a second map: recordedAfter and postedPeriod showed as codes.
  it.each(Object.keys(DisclosureFieldsSchema.shape))('%s is named as the pending panel names it', (key) => {
    expect(fieldLabel(key)).toBe(labelsOf(DISCLOSURE_FIELDS)[key]);
  });
});

describe('PendingChangePanel', () => {
  const revision = {
    id: 1, entity: 'decision' as const, disclosureId: null, recordId: 1, baseVersion: 1, kind: 'edit' as const,
    fields: { title: 'Mới', planStatusOn: '2025-06-02' }, attachmentId: null, changeNote: 'Sửa', createdAt: '2025-06-01T00:00:00Z',
    createdBy: 1, decision: null, decidedAt: null, decidedBy: null, rejectionReason: null,
  };
  it('shows a changed field its labels do not name (an approver never approves a change they cannot see)', async () => {
    // The panel's forms read the request (FormGuard): rendered by a Hono app, as the admin does.
    const app = new Hono().use(jsxRenderer()).get('/', (c) =>
      c.render(PendingChangePanel({ current: { title: 'Cũ', planStatusOn: '2025-03-20' }, revision, labels: { title: 'Tên nội dung' }, base: '/x', mayApprove: true, errors: [] }), { title: '' }),
    );
    const html = await (await app.request('/')).text();
    expect(html).toContain('<th scope="row">Tên nội dung</th><td>Cũ</td><td>Mới</td>');
    expect(html).toContain('<th scope="row">Ngày cập nhật tình trạng</th><td>20/03/2025</td><td>02/06/2025</td>');
  });
});

describe('editOver: an edit changes only the fields it sends', () => {
  const stored = { title: 'A', source: 'Báo cáo 78/BC-UBND', eligible: 212, id: 7 };
  it('keeps a field the edit leaves out', () => {
    expect(editOver(['title', 'source', 'eligible'], stored, { title: 'B', version: 2 })).toEqual({ title: 'B', source: 'Báo cáo 78/BC-UBND', eligible: 212, version: 2 });
  });
  it('empties a field the edit sends as null or ""', () => {
    expect(editOver(['title', 'source', 'eligible'], stored, { source: '', eligible: null })).toEqual({ title: 'A', source: '', eligible: null });
  });
  it('fills in only the declared fields, and leaves a body that is not an object to the schema to refuse', () => {
    expect(editOver(['title'], stored, {})).toEqual({ title: 'A' });
    expect(editOver(['title'], stored, 'x')).toBe('x');
    expect(editOver(['title'], stored, null)).toBe(null);
  });
  it("gives a plan whose status changes without a date the save's day, not the old status's date", () => {
    const plan = { planStatus: 'in_progress', planStatusOn: '2025-03-20', title: 'Kế hoạch' } as unknown as Disclosure;
    expect(disclosureEditOver(plan, { planStatus: 'completed' })).not.toHaveProperty('planStatusOn');
    expect(disclosureEditOver(plan, { title: 'Kế hoạch 2' })).toMatchObject({ planStatusOn: '2025-03-20' });
  });
});
