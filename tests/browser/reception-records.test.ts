import ICAL from 'ical.js';
import { describe, expect, inject, it } from 'vitest';
import { addDays, formatDate, isoWeekday, todayInVietnam } from '../../schema/core/dates.ts';
import { computedHolidays, defaultHolidays } from '../../schema/calendar/holidays.ts';
import { WorkingCalendar } from '../../schema/reception/reception.ts';
import { withLocalDb } from '../../scripts/local-db.ts';
import { chromiumForThisFile, loginAsDemo, PHONE, publishSettled, waitFor } from './browser.ts';

/**
 * Issue 21, checked where citizens look (page, ICS, JSON): a late rule edit that adds a session
 * is published late, as the admin said; a past session published on what the confirmed list
 * makes a day off (Fri 02/01/2026) is corrected in the open, beside the announcement.
 * Every rule here is this file's own (unique place or host); the one fixture row it writes
 * into the portal's database is removed at the end.
 */

const base = inject('portalUrl');
const browser = chromiumForThisFile();
const auth = { authorization: `Bearer ${inject('demoToken')}`, 'content-type': 'application/json' };
const RUN = Date.now();

interface Event {
  uid: string;
  description: string;
  summary: string;
  sequence: number;
}

async function events(prefix: string): Promise<Event[]> {
  const feed = new ICAL.Component(ICAL.parse(await (await fetch(`${base}/lich-tiep-cong-dan.ics`)).text()));
  return feed
    .getAllSubcomponents('vevent')
    .filter((v) => String(v.getFirstPropertyValue('uid')).startsWith(prefix))
    .map((v) => ({
      uid: String(v.getFirstPropertyValue('uid')).split('@')[0]!,
      description: String(v.getFirstPropertyValue('description')),
      summary: String(v.getFirstPropertyValue('summary')),
      sequence: Number(v.getFirstPropertyValue('sequence')),
    }));
}

const rows = async () => (await (await fetch(`${base}/du-lieu/lich-tiep-cong-dan.json`)).json()) as Record<string, unknown>[];

describe('a late rule edit that adds a session', () => {
  // One publish (a site build) to wait for: slow under load.
  it('is marked "Thay đổi muộn" on the page, in the ICS and the JSON, as the admin said', { timeout: 300_000 }, async () => {
    const place = `Nhà văn hóa khu phố (thêm buổi ${RUN})`;
    const today = todayInVietnam();
    const year = Number(today.slice(0, 4));
    const calendar = new WorkingCalendar([...defaultHolidays(year), ...defaultHolidays(year + 1)]);
    const soon = calendar.nextWorkingDay(today);
    // The rule first holds sessions on a weekday that is neither the added one nor the demo's Thursday.
    const other = ([1, 2, 3, 5] as const).find((d) => d !== isoWeekday(soon))!;
    const rule = { frequency: 'weekly', weekdays: [other], startTime: '14:00', endTime: '16:00', place, hostTitle: 'Phó Chủ tịch Ủy ban nhân dân', validFrom: today, validTo: addDays(today, 6) };
    const created = await fetch(`${base}/api/v1/reception/rules`, { method: 'POST', headers: auth, body: JSON.stringify(rule) });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: number };

    const context = await browser().newContext({ ...PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    await loginAsDemo(page, base, inject('demoEmail'), inject('demoPassword'));
    await page.goto(`${base}/admin/tiep-cong-dan/lich/${id}`);
    await page.getByRole('checkbox', { name: ['', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu'][isoWeekday(soon)]!, exact: true }).check();
    await page.getByLabel('Áp dụng thay đổi từ ngày').fill(today);
    await page.getByRole('button', { name: /Lưu/ }).click();
    // The admin lists the added session as late before saving.
    const listed = (await page.locator('.late-sessions').textContent()) ?? '';
    expect(listed).toContain('Buổi mới →');
    expect(listed).toContain(formatDate(soon));
    await page.getByLabel('Lý do thay đổi').fill('Thêm buổi tiếp do nhiều kiến nghị');
    await page.getByRole('button', { name: 'Xác nhận lưu' }).click();
    expect(await page.locator('[role=alert]').textContent()).toContain('thay đổi muộn');

    const citizen = await context.newPage();
    const added = citizen.locator('ul.items .session', { hasText: place }).filter({ hasText: formatDate(soon).slice(0, 5) });
    await waitFor(async () => {
      await citizen.goto(`${base}/lich-tiep-cong-dan/`);
      return (await added.count()) === 1;
    }, 180_000, 1000);
    // The page and the feed of one change are stored one after the other, in the same job.
    await publishSettled(base);
    expect(await added.textContent()).toContain('Thay đổi muộn');
    expect(await added.textContent()).toContain('Thêm buổi tiếp do nhiều kiến nghị');

    const [event] = (await events(`rule-${id}-${soon}`));
    expect(event!.description).toContain('Thay đổi muộn');
    expect(event!.sequence).toBeGreaterThan(0);
    expect((await rows()).find((r) => r.place === place && r.date === soon)).toMatchObject({ lateChange: true, dataMark: 'Dữ liệu minh họa' });
    await context.close();
  });
});

describe('Fri 02/01/2026, published as a session before the confirmed list made it a day off', () => {
  it('is listed for the official to correct; the correction stands beside it on the page, in the ICS (new SEQUENCE) and the JSON', { timeout: 360_000 }, async () => {
    const host = `Chủ tịch Ủy ban nhân dân (đính chính ${RUN})`;
    // The unit published its 2026 sessions on the computed days off and saved the confirmed list
    // on 10/01/2026: the list before that day is kept for the sessions before it (migration 0018).
    const until = '2026-01-10';
    await withLocalDb(inject('stateDir'), (db) =>
      db
        .prepare('INSERT INTO holiday_list_versions (year, until, list, provisional, saved_at) VALUES (2026, ?, ?, 1, ?) ON CONFLICT DO NOTHING')
        .bind(until, JSON.stringify(computedHolidays(2026)), '2026-01-10T02:00:00.000Z')
        .run(),
    );
    try {
      const rule = { frequency: 'weekly', weekdays: [5], startTime: '07:30', endTime: '11:00', place: 'Trụ sở Ủy ban nhân dân', hostTitle: host, validFrom: '2026-01-02', validTo: '2026-01-02' };
      const created = await fetch(`${base}/api/v1/reception/rules`, { method: 'POST', headers: auth, body: JSON.stringify(rule) });
      expect(created.status).toBe(201);
      const { id } = (await created.json()) as { id: number };
      const key = `rule-${id}-2026-01-02`;

      const context = await browser().newContext({ ...PHONE, javaScriptEnabled: false });
      const page = await context.newPage();
      await loginAsDemo(page, base, inject('demoEmail'), inject('demoPassword'));
      await page.goto(`${base}/admin/tiep-cong-dan/`);
      // Flagged on the calendar page; the official opens it and corrects it.
      await page.locator(`#can-dinh-chinh a[href$="/buoi-tiep/${key}/dinh-chinh"]`).click();
      const text = 'Ngày 02/01/2026 là ngày nghỉ hoán đổi (Công văn 12729/VPCP-KGVX); buổi tiếp không diễn ra.';
      await page.getByLabel('Nội dung đính chính').fill(text);
      await page.getByRole('button', { name: 'Công bố đính chính' }).click();
      await page.waitForURL(/\/admin\/tiep-cong-dan\/da-qua\/2026\?da-luu/);
      const today = todayInVietnam();
      const line = `Đính chính ngày ${formatDate(today)}: ${text}`;
      expect(await page.locator(`[id="${key}"]`).textContent()).toContain(line);

      const citizen = await context.newPage();
      const row = citizen.locator('table.history tr', { hasText: host });
      await waitFor(async () => {
        await citizen.goto(`${base}/lich-tiep-cong-dan/`);
        return ((await row.textContent().catch(() => '')) ?? '').includes('Đính chính');
      }, 180_000, 1000);
      // The page and the feed of one change are stored one after the other, in the same job.
      await publishSettled(base);
      const shown = (await row.textContent())!.replace(/\s+/g, ' ');
      // The announcement as it was, the correction beside it.
      expect(shown).toContain('02/01/2026');
      expect(shown).toContain('Theo lịch');
      expect(shown).toContain(line);

      const [event] = await events(key);
      expect(event!.sequence).toBeGreaterThan(0);
      expect(event!.summary).toMatch(/^\[Dữ liệu minh họa\] ĐÃ ĐÍNH CHÍNH: /);
      expect(event!.description).toContain(line);
      const json = (await rows()).find((r) => r.hostTitle === host);
      expect(json).toMatchObject({ date: '2026-01-02', status: 'scheduled', corrections: [line] });
      await context.close();
    } finally {
      await withLocalDb(inject('stateDir'), (db) => db.prepare("DELETE FROM holiday_list_versions WHERE year = 2026 AND until = ?").bind(until).run());
    }
  });
});
