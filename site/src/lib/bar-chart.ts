import type { ProcedureRow } from '../../../schema/procedure-stats.ts';

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

export interface Bar {
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

export function chartLayout(rows: ProcedureRow[], width = 640): ChartLayout {
  const labelWidth = 190;
  const valueWidth = 56;
  const barHeight = 22;
  const gap = 14;
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
    return { field: row.field, y: i * (barHeight + gap), total: row.receivedTotal, label: `${row.field}: ${row.receivedTotal} hồ sơ; ${parts}`, segments };
  });
  return { width, height: rows.length * (barHeight + gap) + 24, labelWidth, barHeight, bars };
}
