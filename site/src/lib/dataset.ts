import type { z } from 'zod';
import type { PortalData } from './portal-data.ts';

/**
 * One open-data set of /du-lieu/ (open-data.ts lists them all; community-datasets.ts declares
 * those of the people's pillars). Its own module so that neither list imports the other.
 */
export interface Dataset<S extends z.ZodObject = z.ZodObject> {
  key: string;
  title: string;
  description: string;
  schema: S;
  /** Every column, in file order, with its meaning; the type demands one entry per schema field. */
  columns: { [K in keyof z.output<S>]-?: string };
  rows(data: PortalData): z.output<S>[];
}

/** Declares a dataset; the generic ties `columns` to the fields of `schema`. */
export const dataset = <S extends z.ZodObject>(d: Dataset<S>): Dataset => d as unknown as Dataset;
