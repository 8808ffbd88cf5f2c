import { DEMO_BANNER } from '../../../schema/unit/unit.ts';

/**
 * The demo mark of a JSON file: `demoData` is always there (true while the unit shows
 * illustrative data, false otherwise), and `demoNotice` carries the banner's words when true,
 * so a program reading the file cannot take illustrative figures for official ones.
 */
export const demoMeta = (demo: boolean) => ({ demoData: demo, demoNotice: demo ? DEMO_BANNER : null });
