import { env } from 'cloudflare:workers';
import provinceJson from '../../../content/province.json';
import { parseProvince, type Province } from '../../../schema/province/communes.ts';
import { isProvince, provinceOf } from '../../../schema/province/commune-registry.ts';
import { todayInVietnam, type IsoDate } from '../../../schema/core/dates.ts';
import { readRollups } from '../../../schema/province/province-view.db.ts';
import type { CommuneSnapshot } from '../../../schema/province/province-view.ts';
import { renderGeneration, renderOrigin } from './render-context.ts';

/**
 * What the province's pages (pages/tinh/) show: the registry and each commune's rollup, read from
 * the province's own D1 (PROVINCE_DB, schema/province/province-view.db.ts readRollups: one batch, whatever
 * the number of communes) once per render generation, as portal-data.ts does for a commune's
 * pages. A commune's rollup is written when its publish job ends (functions/publish.ts). The registry is the one
 * the Worker bundles (schema/province/commune-registry.ts), else content/province.json as bundled at build.
 */
export interface ProvinceData {
  province: Province;
  communes: CommuneSnapshot[];
  /** The day the pages are rendered for, in Vietnam. */
  today: IsoDate;
  /** The port local hosts (`*.localhost`) are served on, from the render's origin; '' in production. */
  localPort: string;
}

/** `npm start` serves every local host on the port it renders under (PUBLIC_BASE_URL, http://localhost:8787). */
const localPort = () => new URL(renderOrigin() ?? 'http://localhost:8787').port;

/** The Worker's bindings by name: each commune's D1 is `bindings()[commune.binding]`. */
export const bindings = () => env as unknown as Record<string, unknown>;

/**
 * What every province page needs without reading a commune: the registry and the local port.
 * The live search page (pages/tinh/tim-kiem/) uses this, not provinceData(), which reads every
 * commune's data in full.
 */
export const provinceShell = (): { province: Province; localPort: string } => ({ province: provinceRegistry(), localPort: localPort() });

/** The registry in force: the Worker's (schema/province/commune-registry.ts), else the demo registry bundled at build. */
const provinceRegistry = (): Province => (isProvince() ? provinceOf() : parseProvince(provinceJson));

const loaded = new Map<string, Promise<ProvinceData>>();

async function load(): Promise<ProvinceData> {
  const province = provinceRegistry();
  const today = todayInVietnam();
  return { province, communes: await readRollups(bindings().PROVINCE_DB as D1Database, province, localPort()), today, localPort: localPort() };
}

/** The province's data for this render generation (lib/render-context.ts). */
export function provinceData(): Promise<ProvinceData> {
  const generation = renderGeneration() ?? 'none';
  let data = loaded.get(generation);
  if (!data) {
    data = load();
    loaded.set(generation, data);
    while (loaded.size > 3) loaded.delete(loaded.keys().next().value!);
    data.catch(() => loaded.delete(generation));
  }
  return data;
}
