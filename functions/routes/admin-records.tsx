import { Hono } from 'hono';
import QRCode from 'qrcode';
import { getDisclosure } from '../../schema/disclosure/disclosures.db.ts';
import { todayInVietnam } from '../../schema/core/dates.ts';
import { getUnitOn } from '../../schema/unit/unit-names.db.ts';
import { disclosurePath } from '../../schema/publishing/paths.ts';
import { PostingRecord, RECORD_KINDS, type RecordKind } from '../admin/posting-records.tsx';
import type { AppEnv } from '../env.ts';

/**
 * /admin/cong-khai/:id/bien-ban-niem-yet and …/bien-ban-ket-thuc: the posting records to print
 * and sign (functions/admin/posting-records.tsx). Read-only; officials only (the admin's session check).
 */
export const recordsAdmin = new Hono<AppEnv>().get('/cong-khai/:id{[0-9]+}/:kind{bien-ban-niem-yet|bien-ban-ket-thuc}', async (c) => {
  const kind = c.req.param('kind') as RecordKind;
  const d = await getDisclosure(c.env.DB, Number(c.req.param('id')));
  if (!d || !(kind in RECORD_KINDS)) return c.notFound();
  // A record carries the unit's name in force on its own date (the posting's start or end), not today's.
  const unit = await getUnitOn(c.env.DB, (kind === 'bien-ban-niem-yet' ? d.postingStart : d.postingEnd) ?? todayInVietnam());
  if (!unit) return c.notFound();
  const origin = unit.publicBaseUrl || new URL(c.req.url).origin;
  const pageUrl = `${origin.replace(/\/$/, '')}${disclosurePath(d)}`;
  const qr = await QRCode.toString(pageUrl, {
    type: 'svg',
    errorCorrectionLevel: 'M',
    margin: 2,
    color: { dark: '#000000', light: '#ffffff' },
  });
  return c.html(`<!doctype html>${(<PostingRecord kind={kind} disclosure={d} unit={unit} pageUrl={pageUrl} qr={qr} />).toString()}`);
});
