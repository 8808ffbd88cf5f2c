import ICAL from 'ical.js';
import { describe, expect, inject, it } from 'vitest';
import { addDays, isoWeekday, todayInVietnam } from '../../schema/core/dates.ts';
import { chromiumForThisFile, clickAndLoad, loginAsDemo, PHONE, portalForThisFile, publishSettled, waitFor } from './browser.ts';

/**
 * The admin's promise after a late rule edit — "Đã lưu, và trang công khai ghi rõ là thay đổi
 * muộn" — checked where citizens look: the calendar page and the subscription feed.
 */

// A portal of its own: the rule's sessions, days ahead, would become the next session other files read.
const portal = portalForThisFile();
const browser = chromiumForThisFile();
const auth = { authorization: `Bearer ${inject('demoToken')}`, 'content-type': 'application/json' };
const PLACE = `Nhà văn hóa khu phố (thử nghiệm ${Date.now()})`;

describe('an official edits a reception rule less than five working days ahead', () => {
  it('is told the public page marks it late, and the page and the feed do, for the sessions in the notice period only', async () => {
    // A rule of its own: one weekday that is not the demo's Thursday, two sessions long.
    const today = todayInVietnam();
    let first = addDays(today, 1);
    while ([4, 6, 7].includes(isoWeekday(first))) first = addDays(first, 1);
    const rule = { frequency: 'weekly', weekdays: [isoWeekday(first)], startTime: '14:00', endTime: '16:30', place: PLACE, hostTitle: 'Phó Chủ tịch Ủy ban nhân dân', validFrom: today, validTo: addDays(first, 7) };
    const created = await fetch(`${portal.url}/api/v1/reception/rules`, { method: 'POST', headers: auth, body: JSON.stringify(rule) });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: number };

    const context = await browser().newContext({ ...PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    await loginAsDemo(page, portal.url, inject('demoEmail'), inject('demoPassword'));
    await page.goto(`${portal.url}/admin/tiep-cong-dan/lich/${id}`);
    await page.getByLabel('Giờ bắt đầu').fill('13:30');
    // From today: inside the notice period (the default date would give full notice).
    await page.getByLabel('Áp dụng thay đổi từ ngày').fill(today);
    await clickAndLoad(page, page.getByRole('button', { name: /Lưu/ }));
    // Before saving, the admin lists exactly the session that will be marked late, and asks why.
    expect(await page.locator('.late-sessions li').count(), await page.locator('main').innerText()).toBe(1);
    await page.getByLabel('Lý do thay đổi').fill('Chủ tịch họp buổi sáng');
    await page.getByRole('button', { name: 'Xác nhận lưu' }).click();
    expect(await page.locator('[role=alert]').textContent()).toContain('thay đổi muộn');

    const citizen = await context.newPage();
    const cards = citizen.locator('ul.items .session', { hasText: PLACE });
    await waitFor(async () => {
      await citizen.goto(`${portal.url}/lich-tiep-cong-dan/`);
      return (await cards.count()) === 2 && ((await cards.first().textContent()) ?? '').includes('13h30');
    }, 90_000, 500);
    // The feed and the session files are stored after the page, in the same job.
    await publishSettled(portal.url);
    expect(await cards.nth(0).textContent()).toContain('Thay đổi muộn');
    // A week later is beyond the notice period: not a late change.
    expect(await cards.nth(1).textContent()).toContain('13h30');
    expect(await cards.nth(1).textContent()).not.toContain('Thay đổi muộn');
    // What reaches a Google Calendar subscriber the same day (issue 22.7): the session's own file and a link to send.
    const file = await fetch(`${portal.url}${await cards.nth(0).locator('.late-share a[download]').getAttribute('href')}`);
    expect(await file.text()).toMatch(new RegExp(`DTSTART;TZID=Asia/Ho_Chi_Minh:${first.replace(/-/g, '')}T133000`));
    expect(await cards.nth(0).locator('.late-share code').textContent()).toMatch(new RegExp(`/lich-tiep-cong-dan/#buoi-${first}$`));
    expect(await cards.nth(1).locator('.late-share').count()).toBe(0);

    const feed = new ICAL.Component(ICAL.parse(await (await fetch(`${portal.url}/lich-tiep-cong-dan.ics`)).text()));
    const events = feed
      .getAllSubcomponents('vevent')
      .filter((v) => String(v.getFirstPropertyValue('uid')).startsWith(`rule-${id}-`))
      .map((v) => ({ start: String(v.getFirstPropertyValue('dtstart')), description: String(v.getFirstPropertyValue('description')) }))
      .sort((a, b) => a.start.localeCompare(b.start));
    expect(events.map((e) => e.start.slice(0, 16))).toEqual([`${first}T13:30`, `${addDays(first, 7)}T13:30`]);
    expect(events[0]!.description).toContain('Thay đổi muộn');
    expect(events[1]!.description).not.toContain('Thay đổi muộn');
    await context.close();
  });
});

describe('an official adds an unscheduled session for today', () => {
  it('is told it is late, and the embed (the next reception) shows the late mark, as the page does', { timeout: 240_000 }, async () => {
    const today = todayInVietnam();
    const place = `Trụ sở Ủy ban nhân dân, buổi đột xuất (thử nghiệm ${Date.now()})`;
    const context = await browser().newContext({ ...PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    // The embed shows the next session: a rule session today whose hours are unknown would sort
    // first (the demo's Thursday), so this portal's sessions of today are cancelled first.
    const todays = (await (await fetch(`${portal.url}/api/v1/reception/sessions?from=${today}&to=${today}`, { headers: auth })).json()) as { items: { ruleId?: number; status: string }[] };
    for (const s of todays.items.filter((x) => x.ruleId !== undefined && x.status !== 'cancelled')) {
      const cancelled = await fetch(`${portal.url}/api/v1/reception/changes`, { method: 'POST', headers: auth, body: JSON.stringify({ ruleId: s.ruleId, sessionDate: today, kind: 'cancelled', reason: 'Thử nghiệm buổi đột xuất' }) });
      expect(cancelled.status).toBe(201);
    }
    await loginAsDemo(page, portal.url, inject('demoEmail'), inject('demoPassword'));
    await page.goto(`${portal.url}/admin/tiep-cong-dan/dot-xuat/moi`);
    await page.getByLabel('Ngày tiếp').fill(today);
    await page.getByLabel('Giờ bắt đầu').fill('00:00');
    await page.getByLabel('Giờ kết thúc').fill('00:30');
    await page.getByLabel('Địa điểm').fill(place);
    await page.getByLabel('Chức vụ người tiếp').fill('Chủ tịch Ủy ban nhân dân');
    await clickAndLoad(page, page.getByRole('button', { name: 'Thêm buổi tiếp', exact: true }));
    // The admin says what the public pages will say.
    expect(await page.locator('[role=alert]').textContent()).toContain('thay đổi muộn');

    const embed = await context.newPage();
    await waitFor(async () => {
      await embed.goto(`${portal.url}/nhung/lich-tiep-cong-dan/`);
      return ((await embed.locator('main, body').first().textContent()) ?? '').includes(place);
    }, 180_000, 1000);
    const text = (await embed.locator('body').textContent())!.replace(/\s+/g, ' ');
    expect(text).toContain('Thay đổi muộn (dưới 5 ngày làm việc trước buổi tiếp)');
    await publishSettled(portal.url);
    const card = embed.locator('ul.items .session', { hasText: place });
    await embed.goto(`${portal.url}/lich-tiep-cong-dan/`);
    expect(await card.textContent()).toContain('Thay đổi muộn');
    const feed = new ICAL.Component(ICAL.parse(await (await fetch(`${portal.url}/lich-tiep-cong-dan.ics`)).text()));
    const event = feed.getAllSubcomponents('vevent').find((v) => String(v.getFirstPropertyValue('location')).includes(place));
    expect(String(event?.getFirstPropertyValue('description'))).toContain('Thay đổi muộn');
    const rows = (await (await fetch(`${portal.url}/du-lieu/lich-tiep-cong-dan.json`)).json()) as Record<string, unknown>[];
    expect(rows.find((r) => r.place === place)).toMatchObject({ kind: 'unscheduled', lateChange: true });
    await context.close();
  });
});
