import type { ProcedureRow } from '../../../schema/statistics/procedure-stats.ts';

/**
 * Geometry of the procedure-results chart, drawn as inline SVG at build time (no chart
 * library reaches the phone). One horizontal bar per field, its length proportional to the
 * files received, split into resolved early, on time, late and still pending.
 */

export const SEGMENTS = [
  { key: 'resolvedEarly', label: 'Trước hạn', color: '#1d7a3a' },
  { key: 'resolvedOnTime', label: 'Đúng hạn', color: '#1d5fa8' },
  { key: 'resolvedLate', label: 'Quá hạn', color: '#b00020' },
  { key: 'pendingTotal', label: 'Đang giải quyết', color: '#8a8a8a' },
] as const;

interface Bar {
  field: string;
  y: number;
  total: number;
  /** Accessible name of the bar: every number in words a screen reader can say. */
  label: string;
  segments: { key: string; x: number; width: number; value: number; color: string; label: string }[];
}

export interface ChartLayout {
  width: number;
  height: number;
  labelWidth: number;
  barHeight: number;
  bars: Bar[];
}

/**
 * The field's name sits above its bar, not beside it: the chart is drawn 360 units wide so that
 * on a 360 px phone its 14-unit text stays 14 px, and long field names need not be cut.
 */
export function chartLayout(rows: ProcedureRow[], width = 360): ChartLayout {
  const labelWidth = 0;
  const valueWidth = 48;
  const barHeight = 18;
  const gap = 30;
  const plot = width - labelWidth - valueWidth;
  const max = Math.max(1, ...rows.map((r) => r.receivedTotal));
  const bars = rows.map((row, i) => {
    let x = labelWidth;
    const segments = SEGMENTS.map((s) => {
      const value = row[s.key];
      const segment = { key: s.key, x, width: (value / max) * plot, value, color: s.color, label: s.label };
      x += segment.width;
      return segment;
    }).filter((s) => s.value > 0);
    const parts = SEGMENTS.map((s) => `${s.label.toLowerCase()} ${row[s.key]}`).join(', ');
    return { field: row.field, y: i * (barHeight + gap) + 20, total: row.receivedTotal, label: `${row.field}: ${row.receivedTotal} hồ sơ; ${parts}`, segments };
  });
  return { width, height: rows.length * (barHeight + gap) + 8, labelWidth, barHeight, bars };
}
