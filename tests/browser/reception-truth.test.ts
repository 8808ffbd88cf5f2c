import ICAL from 'ical.js';
import { describe, expect, inject, it } from 'vitest';
import { addDays, formatDate, isoWeekday, todayInVietnam } from '../../schema/core/dates.ts';
import { chromiumForThisFile, clickAndLoad, loginAsDemo, PHONE, portalForThisFile, publishSettled, waitFor } from './browser.ts';

/**
 * Issue 11, done when: on a 360 px phone an official enters the year's days off including a
 * swap, edits the rule inside the notice period; the citizen page, the embed and the ICS
 * (parsed back) show the moved sessions marked late, the past unchanged, no session on a day off.
 */

// A portal of its own: this year's days off and a rule every weekday change every file's calendar.
const portal = portalForThisFile();
const browser = chromiumForThisFile();
const auth = { authorization: `Bearer ${inject('demoToken')}`, 'content-type': 'application/json' };
const RUN = Date.now();
const HOST = `Chủ tịch Ủy ban nhân dân (thử nghiệm ${RUN})`;
const PLACE_BEFORE = `Phòng tiếp dân số 1 (thử nghiệm ${RUN})`;
const PLACE_AFTER = `Phòng tiếp dân số 2 (thử nghiệm ${RUN})`;

/** The 2026 civil-service days off (law brief §6), as an official types them. */
const OFFICIAL_2026 = [
  '01/01/2026 | ngày lễ | Tết Dương lịch | Bộ luật Lao động 2019',
  '02/01/2026 | nghỉ bù | Nghỉ hoán đổi dịp Tết Dương lịch | Công văn 12729/VPCP-KGVX',
  '10/01/2026 | làm bù | Làm bù cho ngày 02/01/2026 | Công văn 12729/VPCP-KGVX',
  ...['14', '15', '16', '17', '18', '19', '20', '21', '22'].map((d) => `${d}/02/2026 | ngày lễ | Nghỉ Tết Nguyên đán Bính Ngọ | Thông báo của Bộ Nội vụ`),
  '30/04/2026 | ngày lễ | Ngày Chiến thắng 30/4 | Bộ luật Lao động 2019',
  '01/05/2026 | ngày lễ | Ngày Quốc tế Lao động 1/5 | Bộ luật Lao động 2019',
  '02/09/2026 | ngày lễ | Quốc khánh 2/9 | Bộ luật Lao động 2019',
];

interface Event {
  uid: string;
  start: string;
  status: string;
  description: string;
  sequence: number;
  raw: string;
}

async function myEvents(ruleId: number): Promise<Event[]> {
  const text = await (await fetch(`${portal.url}/lich-tiep-cong-dan.ics`)).text();
  const feed = new ICAL.Component(ICAL.parse(text));
  return feed
    .getAllSubcomponents('vevent')
    .filter((v) => String(v.getFirstPropertyValue('uid')).startsWith(`rule-${ruleId}-`))
    .map((v) => ({
      uid: String(v.getFirstPropertyValue('uid')),
      start: String(v.getFirstPropertyValue('dtstart')),
      status: String(v.getFirstPropertyValue('status')),
      description: String(v.getFirstPropertyValue('description')),
      sequence: Number(v.getFirstPropertyValue('sequence')),
      raw: v.toString(),
    }))
    .sort((a, b) => a.start.localeCompare(b.start));
}

describe('the reception calendar tells the truth (issue 11)', () => {
  // Two publishes (days off, then the rule edit), each a site build: slow under load.
  it('days off with a swap, then a rule edit inside the notice period: late marks everywhere, the past unchanged, no session on a day off', { timeout: 300_000 }, async () => {
    const today = todayInVietnam();
    const year = Number(today.slice(0, 4));
    // A rule of its own, every working weekday, from two months ago: it has a past and a near future.
    const rule = { frequency: 'weekly', weekdays: [1, 2, 3, 4, 5], startTime: '06:00', endTime: '06:45', place: PLACE_BEFORE, hostTitle: HOST, validFrom: addDays(today, -60) };
    const created = await fetch(`${portal.url}/api/v1/reception/rules`, { method: 'POST', headers: auth, body: JSON.stringify(rule) });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: number };

    // A working day inside the notice period becomes a swapped day off, made up on a later Saturday.
    let swapped = addDays(today, 2);
    while ([6, 7].includes(isoWeekday(swapped))) swapped = addDays(swapped, 1);
    let makeUp = addDays(swapped, 7);
    while (isoWeekday(makeUp) !== 6) makeUp = addDays(makeUp, 1);
    const sameYear = (d: string) => d.startsWith(`${year}-`);
    const current = (await (await fetch(`${portal.url}/api/v1/reception/holidays/${year}`, { headers: auth })).json()) as { holidays: { date: string }[] };
    const lines = year === 2026 ? [...OFFICIAL_2026] : current.holidays.map((h) => `${formatDate(h.date)} Ngày nghỉ`);
    if (sameYear(swapped)) lines.push(`${formatDate(swapped)} | nghỉ bù | Nghỉ hoán đổi (thử nghiệm) | Thông báo thử nghiệm`);
    if (sameYear(makeUp)) lines.push(`${formatDate(makeUp)} | làm bù | Làm bù (thử nghiệm) | Thông báo thử nghiệm`);

    const context = await browser().newContext({ ...PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    await loginAsDemo(page, portal.url, inject('demoEmail'), inject('demoPassword'));
    await page.goto(`${portal.url}/admin/tiep-cong-dan/ngay-nghi/${year}`);
    await page.getByLabel('Danh sách ngày nghỉ').fill(lines.join('\n'));
    await page.getByRole('button', { name: /Lưu/ }).click();
    // The swap moves a session inside the notice period: the admin lists it before saving.
    if (sameYear(swapped)) {
      expect(await page.locator('.late-sessions').textContent()).toContain(formatDate(swapped));
      await page.getByRole('button', { name: 'Xác nhận lưu' }).click();
    }
    expect(page.url()).toMatch(/\/admin\/tiep-cong-dan\/\?(da-luu|muon=\d)/);

    // The past as published after the days off were confirmed.
    let pastBefore: Event[] = [];
    await waitFor(async () => {
      pastBefore = (await myEvents(id)).filter((e) => e.start.slice(0, 10) < today);
      const swappedEvent = (await myEvents(id)).find((e) => e.uid.startsWith(`rule-${id}-${swapped}`));
      return pastBefore.length > 20 && (!sameYear(swapped) || (swappedEvent?.description ?? '').includes('Thay đổi muộn'));
    }, 90_000, 500);
    // The page and the feed of one change are stored one after the other, in the same job.
    await publishSettled(portal.url);
    const pastRows = async (p: import('playwright-core').Page) => p.locator('table.history tr', { hasText: HOST }).allTextContents();
    const citizen = await context.newPage();
    await citizen.goto(`${portal.url}/lich-tiep-cong-dan/`);
    const historyBefore = await pastRows(citizen);
    expect(historyBefore.length).toBeGreaterThan(20);

    // The rule edit, applied from today: inside the notice period.
    await page.goto(`${portal.url}/admin/tiep-cong-dan/lich/${id}`);
    await page.getByLabel('Giờ bắt đầu').fill('06:15');
    await page.getByLabel('Địa điểm', { exact: true }).fill(PLACE_AFTER);
    await page.getByLabel('Áp dụng thay đổi từ ngày').fill(today);
    await clickAndLoad(page, page.getByRole('button', { name: /Lưu/ }));
    const listed = await page.locator('.late-sessions li').count();
    expect(listed).toBeGreaterThanOrEqual(4);
    await page.getByLabel('Lý do thay đổi').fill('Phòng tiếp dân số 1 đang sửa chữa');
    await page.getByRole('button', { name: 'Xác nhận lưu' }).click();
    expect(await page.locator('[role=alert]').textContent()).toContain('thay đổi muộn');

    let events: Event[] = [];
    await waitFor(async () => {
      events = await myEvents(id);
      return events.some((e) => e.description.includes('Phòng tiếp dân số 1 đang sửa chữa'));
    }, 90_000, 500);
    // The page and the feed of one change are stored one after the other, in the same job.
    await publishSettled(portal.url);
    // The past: byte-for-byte the same events, and the same history rows on the page.
    expect(events.filter((e) => e.start.slice(0, 10) < today).map((e) => e.raw)).toEqual(pastBefore.map((e) => e.raw));
    await citizen.goto(`${portal.url}/lich-tiep-cong-dan/`);
    expect(await pastRows(citizen)).toEqual(historyBefore);

    // The near future: moved (new hours and place) and marked late, with the reason and a newer SEQUENCE.
    const near = events.filter((e) => e.start.slice(0, 10) >= today && e.start.slice(0, 10) <= addDays(today, 6) && e.status !== 'CANCELLED');
    expect(near.length).toBeGreaterThan(0);
    for (const e of near) {
      expect(e.start.slice(11, 16)).toBe('06:15');
      expect(e.description).toContain('Thay đổi muộn');
      expect(e.sequence).toBeGreaterThan(0);
    }
    // No session on a day off or a rest day: the swapped day and the make-up Saturday have none.
    const onDays = events.filter((e) => e.status !== 'CANCELLED').map((e) => e.start.slice(0, 10));
    expect(onDays).not.toContain(swapped);
    expect(onDays).not.toContain(makeUp);
    expect(onDays.filter((d) => [6, 7].includes(isoWeekday(d)))).toEqual([]);
    if (year === 2026) for (const off of ['2026-01-02', '2026-02-19', '2026-05-01']) expect(onDays).not.toContain(off);

    // The citizen page: the coming sessions at the new place, the nearest marked late with the reason.
    // A card repeats the place only when it differs from the standing rule the page states above
    // the list, and this rule may be that one: its sessions are known by their new hours (6h15–6h45).
    expect(await citizen.locator('main').textContent()).toContain(PLACE_AFTER);
    const cards = citizen.locator('ul.items .session', { hasText: '6h15–6h45' });
    expect(await cards.count()).toBeGreaterThan(3);
    const first = (await cards.first().textContent()) ?? '';
    expect(first).toContain('Thay đổi muộn');
    expect(first).toContain('Phòng tiếp dân số 1 đang sửa chữa');

    // The embed shows the next session: ours (06:15, earliest of the day), marked late.
    const embed = await context.newPage();
    await embed.goto(`${portal.url}/nhung/lich-tiep-cong-dan/`);
    const widget = (await embed.locator('body').textContent()) ?? '';
    expect(widget).toContain(PLACE_AFTER);
    expect(widget).toContain('Thay đổi muộn');
    await context.close();
  });
});
