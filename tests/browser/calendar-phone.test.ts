import { describe, expect, inject, it } from 'vitest';
import { todayInVietnam, weekdayName } from '../../schema/core/dates.ts';
import { chromiumForThisFile, PHONE, portalForThisFile, waitFor } from './browser.ts';

/**
 * The reception calendar on a cheap phone (issue #15, items 11–13): what the first screen of a
 * 360×640 viewport holds, how long the page is, the subscribe links per platform, and a cancelled
 * Thursday shown on the home page and in the embed until its day has passed. On a portal of its
 * own: it reads and cancels the next session, which other files move or precede with rules of theirs.
 */

const portal = portalForThisFile();
const browser = chromiumForThisFile();
const auth = { authorization: `Bearer ${inject('demoToken')}`, 'content-type': 'application/json' };
const SCREEN = { width: 360, height: 640 };
/** Issue #15.11: the whole page in under four screens. */
const MAX_PAGE_HEIGHT = 4 * SCREEN.height;

interface ApiSession { key: string; kind: string; ruleId?: number; date: string; originalDate?: string; status: string }

/** The next session that is on, as the API computes it. */
async function nextSession(): Promise<ApiSession> {
  const res = await fetch(`${portal.url}/api/v1/reception/sessions?from=${todayInVietnam()}`, { headers: auth });
  const { items } = (await res.json()) as { items: ApiSession[] };
  return items.find((s) => s.status !== 'cancelled')!;
}

const phonePage = async () => {
  const context = await browser().newContext({ ...PHONE, viewport: SCREEN, javaScriptEnabled: false });
  return { context, page: await context.newPage() };
};

describe('/lich-tiep-cong-dan/ at 360×640', () => {
  it('shows the next session and the subscribe links on the first screen, and is under four screens long', async () => {
    const { context, page } = await phonePage();
    await page.goto(`${portal.url}/lich-tiep-cong-dan/`);
    const bottom = async (selector: string) => {
      const box = await page.locator(selector).first().boundingBox();
      return Math.round(box!.y + box!.height);
    };
    // The month view and the history are closed in the page as served; measure the page as it opens.
    // (Chromium sometimes opens a <details> by itself — find-in-page, fragment navigation — which
    // would measure two years of history instead of the page a citizen lands on.)
    expect(await (await fetch(`${portal.url}/lich-tiep-cong-dan/`)).text()).not.toMatch(/<details[^>]*\sopen/);
    const openedByBrowser = await page.evaluate(() => {
      const open = [...document.querySelectorAll('details[open]')];
      for (const d of open) d.removeAttribute('open');
      return open.length;
    });
    const figures = {
      openedByBrowser,
      nextSessionBottom: await bottom('#buoi-tiep-theo + .session'),
      subscribeHeadingBottom: await bottom('#theo-doi'),
      firstSubscribeLinkBottom: await bottom('#theo-doi + .subscribe a'),
      pageHeight: await page.evaluate(() => document.documentElement.scrollHeight),
      pageWidth: await page.evaluate(() => document.documentElement.scrollWidth),
    };
    console.log(`calendar page at 360×640: ${JSON.stringify(figures)} (first screen ${SCREEN.height} px, page budget ${MAX_PAGE_HEIGHT} px)`);
    expect(await page.locator('#buoi-tiep-theo').textContent()).toBe('Buổi tiếp công dân sắp tới');
    expect(await page.locator('#theo-doi').textContent()).toBe('Theo dõi lịch trên điện thoại');
    expect(figures.nextSessionBottom).toBeLessThanOrEqual(SCREEN.height);
    expect(figures.subscribeHeadingBottom).toBeLessThanOrEqual(SCREEN.height);
    expect(figures.firstSubscribeLinkBottom).toBeLessThanOrEqual(SCREEN.height);
    expect(figures.pageHeight).toBeLessThanOrEqual(MAX_PAGE_HEIGHT);
    expect(figures.pageWidth).toBeLessThanOrEqual(SCREEN.width);
    // Month view and history are behind headings, closed.
    expect(await page.locator('details#lich-thang').getAttribute('open')).toBeNull();
    expect(await page.locator('details#da-qua').getAttribute('open')).toBeNull();
    // A space between a status badge and what follows it.
    expect(await page.locator('#buoi-tiep-theo + .session .meta').textContent()).toMatch(/^\s*Theo lịch Tiếp định kỳ/);
    await context.close();
  });

  it('offers Google Calendar by URL, webcal: for iPhone, the next session as a file named by its date, and the address to copy', async () => {
    const { context, page } = await phonePage();
    await page.goto(`${portal.url}/lich-tiep-cong-dan/`);
    const next = await nextSession();
    const webcal = `${portal.url.replace('http:', 'webcal:')}/lich-tiep-cong-dan.ics`;
    const links = page.locator('#theo-doi + .subscribe');
    expect(await links.getByRole('link', { name: /Lịch Google/ }).getAttribute('href')).toBe(`https://calendar.google.com/calendar/render?cid=${webcal}`);
    // Issue 22.7: how often Google re-reads the calendar, and what reaches its users the same day.
    expect(await links.locator('li').first().textContent()).toContain('Lịch Google chỉ cập nhật khoảng 12 đến 24 giờ một lần');
    expect(await page.locator('#doi-muon').textContent()).toContain('tệp .ics và đường dẫn để gửi');
    expect(await links.getByRole('link', { name: /iPhone, iPad/ }).getAttribute('href')).toBe(webcal);
    const file = links.getByRole('link', { name: /tệp \.ics/ });
    expect(await file.getAttribute('href')).toBe(`/lich-tiep-cong-dan/buoi/tiep-cong-dan-${next.date}.ics`);
    expect(await file.getAttribute('download')).toBe(`tiep-cong-dan-${next.date}.ics`);
    expect(await links.locator('code').textContent()).toBe(`${portal.url}/lich-tiep-cong-dan.ics`);
    // Each way has its one line of explanation.
    for (const item of await links.locator('li').allTextContents()) expect(item.length).toBeGreaterThan(40);

    const byDate = await fetch(`${portal.url}/lich-tiep-cong-dan/buoi/tiep-cong-dan-${next.date}.ics`);
    expect(byDate.status).toBe(200);
    expect(byDate.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(byDate.headers.get('content-disposition')).toBe('attachment');
    const body = await byDate.text();
    expect(body).toContain(`UID:${next.key}@`);
    // The name the page linked to before still answers with the same file.
    const byKey = await fetch(`${portal.url}/lich-tiep-cong-dan/buoi/${next.key}.ics`);
    expect(byKey.status).toBe(200);
    expect(await byKey.text()).toBe(body);
    await context.close();
  });
});

describe('a cancelled Thursday', () => {
  it('shows on the home page and in the embed, before the next session', async () => {
    const next = await nextSession();
    expect(next.ruleId).toBeDefined();
    const sessionDate = next.originalDate ?? next.date;
    const reason = `Chủ tịch dự họp tại Ủy ban nhân dân tỉnh (thử nghiệm ${Date.now()})`;
    const saved = await fetch(`${portal.url}/api/v1/reception/changes`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ ruleId: next.ruleId, sessionDate, kind: 'cancelled', reason }),
    });
    expect(saved.status).toBe(201);
    const line = `${weekdayName(sessionDate)} ${sessionDate.slice(8, 10)}/${sessionDate.slice(5, 7)}: hủy — ${reason}`;

    const { context, page } = await phonePage();
    try {
      for (const path of ['/', '/nhung/lich-tiep-cong-dan/']) {
        await waitFor(async () => {
          await page.goto(`${portal.url}${path}`);
          const notice = page.locator('.cancelled-soon');
          return (await notice.count()) > 0 && ((await notice.textContent()) ?? '').includes(reason);
        }, 90_000, 500);
        expect(await page.locator('.cancelled-soon li').first().textContent()).toContain(line);
        // Above the next session that is on.
        const following = path === '/' ? '.session' : '.big';
        expect(await page.locator('.cancelled-soon').evaluate((el, sel) => Boolean(el.compareDocumentPosition(document.querySelector(sel)!) & Node.DOCUMENT_POSITION_FOLLOWING), following)).toBe(true);
        expect(await page.locator(following).first().textContent()).not.toContain(reason);
      }
      await page.goto(`${portal.url}/lich-tiep-cong-dan/`);
      expect(await page.locator('.cancelled-soon').textContent()).toContain(line);
    } finally {
      await context.close();
    }
  });
});
