/**
 * One column map per table: each field of the domain record names its SQL column and how its
 * value is stored. The row mapper, the column list of an INSERT, its placeholders and bind
 * values, and the `SET` list of an UPDATE or upsert all come from that map, so adding a column
 * is one line (plus its migration).
 *
 * @example
 * const UNIT = columnMap({ name: text('name'), fourEyes: bool('four_eyes') });
 * const unit = UNIT.read(row);                                  // { name, fourEyes }
 * const { columns, placeholders, values } = UNIT.write(unit);    // ['name', 'four_eyes'], '?, ?', ['…', 1]
 * db.prepare(`INSERT INTO unit (${columns}) VALUES (${placeholders})`).bind(...values);
 * db.prepare(`UPDATE unit SET ${UNIT.set(['name'])} WHERE id = 1`).bind(...UNIT.values(unit, ['name']));
 */

import type { Period } from '../statistics/period.ts';

/** What D1 binds and returns. */
export type SqlValue = string | number | null;
export type Row = Record<string, unknown>;

export interface Column<V> {
  name: string;
  read(raw: unknown): V;
  write(value: V): SqlValue;
}

export const text = <V extends string = string>(name: string): Column<V> => ({ name, read: (v) => v as V, write: (v) => v });
export const int = <V extends number = number>(name: string): Column<V> => ({ name, read: (v) => v as V, write: (v) => v });
/** SQLite has no boolean: 0 or 1 (the migrations CHECK `IN (0, 1)`). */
export const bool = (name: string): Column<boolean> => ({ name, read: (v) => Number(v) === 1, write: (v) => (v ? 1 : 0) });
/** A JSON document in a TEXT column (the migrations CHECK `json_valid`). */
export const json = <V>(name: string): Column<V> => ({ name, read: (v) => JSON.parse(v as string) as V, write: (v) => JSON.stringify(v) });
/** A column that may be NULL, read as null; null or undefined is written as NULL. */
export const nullable = <V>(column: Column<V>): Column<V | null> => ({
  name: column.name,
  read: (v) => (v === null || v === undefined ? null : column.read(v)),
  write: (v) => (v === null || v === undefined ? null : column.write(v)),
});
/** A column that may be NULL, read as a missing (undefined) field, as zod's `.optional()` gives. */
export const optional = <V>(column: Column<V>): Column<V | undefined> => ({
  name: column.name,
  read: (v) => (v === null || v === undefined ? undefined : column.read(v)),
  write: (v) => (v === undefined ? null : column.write(v)),
});

export type ColumnSpec<T> = { [K in keyof T]-?: Column<T[K]> };

export interface ColumnMap<T> {
  /** Every field, in map order. */
  readonly fields: (keyof T & string)[];
  /** The SQL name of one field's column. */
  column(field: keyof T & string): string;
  /** A domain record from a row (`SELECT *` or any select with these column names). */
  read(row: Row): T;
  /** Bind values of `fields` (all by default), in that order. */
  values<K extends keyof T & string>(value: Pick<T, K>, fields?: K[]): SqlValue[];
  /** The pieces of an INSERT: `columns` and `placeholders` are comma-separated lists. */
  write<K extends keyof T & string>(value: Pick<T, K>, fields?: K[]): { columns: string; placeholders: string; values: SqlValue[] };
  /** `a = ?, b = ?` for an UPDATE, to bind with `values(value, fields)`. */
  set(fields?: (keyof T & string)[]): string;
  /** `a = excluded.a, b = excluded.b` for `ON CONFLICT … DO UPDATE SET`. */
  setExcluded(fields?: (keyof T & string)[]): string;
}

export function columnMap<T>(spec: ColumnSpec<T>): ColumnMap<T> {
  const all = Object.keys(spec) as (keyof T & string)[];
  const col = (f: keyof T & string) => spec[f].name;
  const values = <K extends keyof T & string>(value: Pick<T, K>, fields: K[] = all as K[]) =>
    fields.map((f) => (spec[f] as Column<T[K]>).write(value[f]));
  return {
    fields: all,
    column: col,
    read(row) {
      const out = {} as T;
      for (const f of all) out[f] = spec[f].read(row[col(f)]);
      return out;
    },
    values,
    write(value, fields = all as never) {
      return { columns: fields.map(col).join(', '), placeholders: fields.map(() => '?').join(', '), values: values(value, fields) };
    },
    set: (fields = all) => fields.map((f) => `${col(f)} = ?`).join(', '),
    setExcluded: (fields = all) => fields.map((f) => `${col(f)} = excluded.${col(f)}`).join(', '),
  };
}

/** The three columns that hold a reporting period in every statistics table. */
export const PERIOD = columnMap<Period>({ kind: text('period_kind'), year: int('period_year'), number: int('period_number') });
