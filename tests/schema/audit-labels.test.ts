import { describe, expect, it } from 'vitest';
import { fieldLabel } from '../../schema/accounts/audit-labels.ts';

describe('fieldLabel', () => {
  it.each([
    // Fields issue 12 made editable (category minimums) or nullable (rule hours and place, pending petitions).
    ['channelMinimums', 'Số ngày liên tục tối thiểu theo hình thức'],
    ['lawClause', 'Khoản (Điều 11)'],
    ['startTime', 'Giờ bắt đầu'],
    ['place', 'Địa điểm'],
    ['pending', 'Đang giải quyết'],
    // A disclosure field keeps its own label; an unknown key is shown as is.
    ['title', 'Tiêu đề'],
    ['somethingElse', 'somethingElse'],
  ])('%s → %s', (key, label) => expect(fieldLabel(key)).toBe(label));
});
