import { describe, expect, it } from 'vitest';
import { ProcedureRowSchema } from '../../schema/statistics/procedure-stats.ts';
import { chartLayout } from '../../site/src/lib/bar-chart.ts';

const rows = [
  { field: 'Chứng thực', receivedTotal: 602, receivedDirect: 602, resolvedTotal: 602, resolvedEarly: 600, resolvedLate: 2 },
  { field: 'Hộ tịch', receivedTotal: 288, receivedDirect: 288, resolvedTotal: 288, resolvedEarly: 288 },
  { field: 'Bảo trợ xã hội', receivedTotal: 72, receivedDirect: 72, resolvedTotal: 60, resolvedEarly: 60, pendingTotal: 12, pendingWithin: 12 },
].map((r) => ProcedureRowSchema.parse(r));

describe('chartLayout', () => {
  const chart = chartLayout(rows, 360);
  const plot = 360 - chart.labelWidth - 48;
  const length = (i: number) => chart.bars[i]!.segments.reduce((acc, s) => acc + s.width, 0);

  it('draws bar lengths in proportion to the files received', () => {
    expect(length(0)).toBeCloseTo(plot, 6); // the largest field fills the plot
    expect(length(1) / length(0)).toBeCloseTo(288 / 602, 6);
    expect(length(2) / length(0)).toBeCloseTo(72 / 602, 6);
  });

  it('splits each bar into early, on time, late and pending, in proportion', () => {
    const [early, late] = chart.bars[0]!.segments;
    expect(early).toMatchObject({ key: 'resolvedEarly', value: 600 });
    expect(late).toMatchObject({ key: 'resolvedLate', value: 2 });
    expect(late!.width / early!.width).toBeCloseTo(2 / 600, 6);
    expect(chart.bars[2]!.segments.map((s) => s.key)).toEqual(['resolvedEarly', 'pendingTotal']);
    // Segments follow each other without gaps or overlaps.
    expect(late!.x).toBeCloseTo(early!.x + early!.width, 6);
  });

  it('gives each bar an accessible label with every number', () => {
    expect(chart.bars[0]!.label).toBe('Chứng thực: 602 hồ sơ; trước hạn 600, đúng hạn 0, quá hạn 2, đang giải quyết 0');
  });
});
