/**
 * The layout of `schema/` by concept (issue 20, item 5): the one table both the codemod that
 * made it (scripts/regroup-schema.ts) and the check that keeps it (scripts/check-layers.ts) read.
 *
 * A concept folder holds its modules side by side, told apart by their name:
 * - `<name>.ts`: the domain (zod schemas, rules, arithmetic, rendering to Word/CSV): no SQL;
 * - `<name>.db.ts`: the data access, the only modules with SQL, no authorisation;
 * - `<name>.use-cases.ts`: the writes (validate, authorise, store with the audit row).
 * `schema/migrations/` and `schema/province-migrations/` stay where wrangler looks for them.
 */

/** The concept folders of schema/, each with what belongs there. */
export const CONCEPTS: Record<string, string> = {
  core: 'shared by every concept: errors, validation, dates, text, CSV, crypto, the use-case context, query helpers',
  calendar: "Vietnam's calendar: public holidays, the lunar calendar, official days off",
  unit: "the commune's identity, its names over time and its democracy thresholds",
  province: 'the registry of communes and the province-wide view and search',
  accounts: 'officials, roles, four eyes, API tokens and the audit trail',
  lifecycle: 'what every record kind shares: the kinds, pending changes and their approval',
  disclosure: 'disclosures (nội dung công khai), their categories, channels and files',
  reception: 'the citizen reception calendar (tiếp công dân) and its records',
  community: "community records: the people's decisions, supervision boards and their activities",
  consultation: 'consultations (lấy ý kiến) and the opinions sent to them',
  statistics: 'procedure and petition statistics and their periods',
  report: 'the democracy report (báo cáo) and its Word document',
  publishing: 'the citizen site: paths, the publish scope and jobs, search',
};

/** Folders of schema/ that are not concepts and keep their own layout. */
export const SCHEMA_DATA_FOLDERS = ['migrations', 'province-migrations'];

/**
 * Where each module of the flat schema/ went: path before → path after, both from the repo
 * root. A concept's data access and use cases keep their old file name (`db/accounts.ts` →
 * `accounts/accounts.db.ts`), so a reader who knew the old name finds the new one.
 */
export const SCHEMA_MOVES: Record<string, string> = {
  // core
  'schema/codes.ts': 'schema/core/codes.ts',
  'schema/count.ts': 'schema/core/count.ts',
  'schema/crypto.ts': 'schema/core/crypto.ts',
  'schema/csv.ts': 'schema/core/csv.ts',
  'schema/dates.ts': 'schema/core/dates.ts',
  'schema/errors.ts': 'schema/core/errors.ts',
  'schema/text.ts': 'schema/core/text.ts',
  'schema/validation.ts': 'schema/core/validation.ts',
  'schema/zod.ts': 'schema/core/zod.ts',
  'schema/security-headers.ts': 'schema/core/security-headers.ts',
  'schema/fields.ts': 'schema/core/fields.ts',
  'schema/network-address.ts': 'schema/core/network-address.ts',
  'schema/db/query.ts': 'schema/core/query.db.ts',
  'schema/db/columns.ts': 'schema/core/columns.db.ts',
  'schema/db/idempotency.ts': 'schema/core/idempotency.db.ts',
  'schema/db/form-drafts.ts': 'schema/core/form-drafts.db.ts',
  'schema/db/backup.ts': 'schema/core/backup.db.ts',
  'schema/use-cases/context.ts': 'schema/core/context.use-cases.ts',
  // calendar
  'schema/holidays.ts': 'schema/calendar/holidays.ts',
  'schema/lunar.ts': 'schema/calendar/lunar.ts',
  'schema/official-days-off.ts': 'schema/calendar/official-days-off.ts',
  // unit
  'schema/unit.ts': 'schema/unit/unit.ts',
  'schema/unit-names.ts': 'schema/unit/unit-names.ts',
  'schema/democracy-rules.ts': 'schema/unit/democracy-rules.ts',
  'schema/db/unit.ts': 'schema/unit/unit.db.ts',
  'schema/db/unit-names.ts': 'schema/unit/unit-names.db.ts',
  'schema/db/democracy-rules.ts': 'schema/unit/democracy-rules.db.ts',
  'schema/use-cases/unit.ts': 'schema/unit/unit.use-cases.ts',
  'schema/use-cases/democracy-rules.ts': 'schema/unit/democracy-rules.use-cases.ts',
  // province
  'schema/communes.ts': 'schema/province/communes.ts',
  'schema/commune-registry.ts': 'schema/province/commune-registry.ts',
  'schema/province-view.ts': 'schema/province/province-view.ts',
  'schema/db/province-view.ts': 'schema/province/province-view.db.ts',
  'schema/db/province-search.ts': 'schema/province/province-search.db.ts',
  // accounts
  'schema/account.ts': 'schema/accounts/account.ts',
  'schema/roles.ts': 'schema/accounts/roles.ts',
  'schema/review.ts': 'schema/accounts/review.ts',
  'schema/api-scopes.ts': 'schema/accounts/api-scopes.ts',
  'schema/audit-labels.ts': 'schema/accounts/audit-labels.ts',
  'schema/db/accounts.ts': 'schema/accounts/accounts.db.ts',
  'schema/db/audit.ts': 'schema/accounts/audit.db.ts',
  'schema/use-cases/accounts.ts': 'schema/accounts/accounts.use-cases.ts',
  // lifecycle
  'schema/revision.ts': 'schema/lifecycle/revision.ts',
  'schema/record-kinds.ts': 'schema/lifecycle/record-kinds.ts',
  'schema/db/pending-revisions.ts': 'schema/lifecycle/pending-revisions.db.ts',
  'schema/use-cases/revisions.ts': 'schema/lifecycle/revisions.use-cases.ts',
  'schema/use-cases/lifecycle.ts': 'schema/lifecycle/lifecycle.use-cases.ts',
  'schema/use-cases/lifecycles.ts': 'schema/lifecycle/lifecycles.use-cases.ts',
  // disclosure
  'schema/disclosure.ts': 'schema/disclosure/disclosure.ts',
  'schema/category.ts': 'schema/disclosure/category.ts',
  'schema/channels.ts': 'schema/disclosure/channels.ts',
  'schema/document-number.ts': 'schema/disclosure/document-number.ts',
  'schema/attachment.ts': 'schema/disclosure/attachment.ts',
  'schema/attachment-text.ts': 'schema/disclosure/attachment-text.ts',
  'schema/db/disclosures.ts': 'schema/disclosure/disclosures.db.ts',
  'schema/db/categories.ts': 'schema/disclosure/categories.db.ts',
  'schema/db/attachments.ts': 'schema/disclosure/attachments.db.ts',
  'schema/db/pending-uploads.ts': 'schema/disclosure/pending-uploads.db.ts',
  'schema/use-cases/disclosures.ts': 'schema/disclosure/disclosures.use-cases.ts',
  'schema/use-cases/categories.ts': 'schema/disclosure/categories.use-cases.ts',
  'schema/use-cases/attachments.ts': 'schema/disclosure/attachments.use-cases.ts',
  // reception
  'schema/reception.ts': 'schema/reception/reception.ts',
  'schema/db/reception.ts': 'schema/reception/reception.db.ts',
  'schema/use-cases/reception.ts': 'schema/reception/reception.use-cases.ts',
  // community records
  'schema/community-record.ts': 'schema/community/community-record.ts',
  'schema/decision.ts': 'schema/community/decision.ts',
  'schema/supervision.ts': 'schema/community/supervision.ts',
  'schema/plan-status.ts': 'schema/community/plan-status.ts',
  'schema/db/community-records.ts': 'schema/community/community-records.db.ts',
  'schema/db/decisions.ts': 'schema/community/decisions.db.ts',
  'schema/db/supervision.ts': 'schema/community/supervision.db.ts',
  'schema/use-cases/community-records.ts': 'schema/community/community-records.use-cases.ts',
  'schema/use-cases/decisions.ts': 'schema/community/decisions.use-cases.ts',
  'schema/use-cases/supervision.ts': 'schema/community/supervision.use-cases.ts',
  // consultation
  'schema/consultation.ts': 'schema/consultation/consultation.ts',
  'schema/opinion-form.ts': 'schema/consultation/opinion-form.ts',
  'schema/db/consultations.ts': 'schema/consultation/consultations.db.ts',
  'schema/use-cases/consultations.ts': 'schema/consultation/consultations.use-cases.ts',
  // statistics
  'schema/period.ts': 'schema/statistics/period.ts',
  'schema/petition-stats.ts': 'schema/statistics/petition-stats.ts',
  'schema/procedure-csv.ts': 'schema/statistics/procedure-csv.ts',
  'schema/procedure-diff.ts': 'schema/statistics/procedure-diff.ts',
  'schema/procedure-stats.ts': 'schema/statistics/procedure-stats.ts',
  'schema/procedure-upload.ts': 'schema/statistics/procedure-upload.ts',
  'schema/statistics-history.ts': 'schema/statistics/statistics-history.ts',
  'schema/db/petition-stats.ts': 'schema/statistics/petition-stats.db.ts',
  'schema/db/procedure-stats.ts': 'schema/statistics/procedure-stats.db.ts',
  'schema/use-cases/statistics.ts': 'schema/statistics/statistics.use-cases.ts',
  // report
  'schema/democracy-report.ts': 'schema/report/democracy-report.ts',
  'schema/report-docx.ts': 'schema/report/report-docx.ts',
  'schema/db/democracy-reports.ts': 'schema/report/democracy-reports.db.ts',
  'schema/use-cases/democracy-reports.ts': 'schema/report/democracy-reports.use-cases.ts',
  // publishing
  'schema/paths.ts': 'schema/publishing/paths.ts',
  'schema/publish.ts': 'schema/publishing/publish.ts',
  'schema/publish-jobs.ts': 'schema/publishing/publish-jobs.ts',
  'schema/search.ts': 'schema/publishing/search.ts',
  'schema/db/publish-jobs.ts': 'schema/publishing/publish-jobs.db.ts',
  'schema/db/search.ts': 'schema/publishing/search.db.ts',
};

/** What a module of a concept folder is, by its name. */
export function schemaRole(path: string): 'db' | 'use-cases' | 'domain' {
  if (path.endsWith('.db.ts')) return 'db';
  if (path.endsWith('.use-cases.ts')) return 'use-cases';
  return 'domain';
}
