
/**
 * The refusals a use case can answer with. Each carries a Vietnamese message for people; the
 * API maps them to 4xx in one place (functions/index.ts), the admin re-renders the form.
 */

/** One problem with one field, as the API answers it and the form shows it. */
export interface FieldError {
  field: string;
  message: string;
}

/** Input that fails the schema or a rule needing the database; nothing was stored. */
export class ValidationError extends Error {
  override name = 'ValidationError';
  readonly errors: FieldError[];
  constructor(errors: FieldError[]) {
    super(errors.map((e) => `${e.field}: ${e.message}`).join('; '));
    this.errors = errors;
  }
}

/** The record does not exist (or is not visible to this actor). */
export class NotFoundError extends Error {
  override name = 'NotFoundError';
}

/** A guarded write found a newer version: someone else saved first, nothing was overwritten. */
export class VersionConflictError extends Error {
  override name = 'VersionConflictError';
  readonly currentVersion: number;
  constructor(currentVersion: number, message = `Nội dung này vừa được sửa (nay là phiên bản ${currentVersion}). Hãy tải bản mới nhất rồi sửa lại; không có gì bị ghi đè.`) {
    super(message);
    this.currentVersion = currentVersion;
  }
}

/** The actor's role or the four-eyes rule does not allow this. */
export class ForbiddenError extends Error {
  override name = 'ForbiddenError';
}

/** A change the record's current state does not allow, tied to one field. */
export class RuleError extends Error {
  override name = 'RuleError';
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.field = field;
  }
}
