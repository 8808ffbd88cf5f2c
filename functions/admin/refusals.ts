import { ForbiddenError, RuleError, ValidationError, VersionConflictError } from '../../schema/core/errors.ts';
import type { FieldError } from '../../schema/core/validation.ts';

/** How the admin shows a use case's refusal: as the errors of the form it came from. */

function conflictMessage(error: VersionConflictError) {
  return (
    `Nội dung này vừa được người khác sửa (nay là phiên bản ${error.currentVersion}). ` +
    'Những gì bạn gõ vẫn còn dưới đây; hãy mở bản mới nhất trong tab khác, so sánh rồi lưu lại.'
  );
}

/**
 * A use case's refusal as the errors of the form it came from, with the HTTP status; anything
 * else is rethrown. The one mapper of every admin form (disclosures, records, consultations,
 * statistics): each refusal class is shown the same way everywhere. `field` names the input a
 * refusal without a field is shown beside; `conflictField` the one a stale save is shown beside.
 * A use case that words its own conflict (statistics, reception) keeps its words.
 */
export function formErrors(error: unknown, field: string, conflictField = field): { errors: FieldError[]; status: 403 | 409 | 422 } {
  if (error instanceof ValidationError) return { errors: error.errors, status: 422 };
  if (error instanceof RuleError) return { errors: [{ field: error.field, message: error.message }], status: 422 };
  if (error instanceof VersionConflictError) {
    const worded = error.message !== new VersionConflictError(error.currentVersion).message;
    return { errors: [{ field: conflictField, message: worded ? error.message : conflictMessage(error) }], status: 409 };
  }
  if (error instanceof ForbiddenError) return { errors: [{ field, message: error.message }], status: 403 };
  throw error;
}

