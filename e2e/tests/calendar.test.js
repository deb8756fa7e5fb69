// The assurance calendar on a phone, by keyboard alone: open it from the menu, see an overdue
// duty with what was last done and the link that does it, make the private calendar address
// (shown once, and it serves an iCalendar file), then revoke it (the address answers 404).
// Keeps the screenshots of the calendar (desktop and 360 px).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startLantern, launchBrowser, signIn, overflowsHorizontally } from '../lib/harness.js';

let app;
let browser;

before(async () => {
  browser = await launchBrowser();
  if (browser) app = await startLantern(['--clock-from', '2026-11-24T09:40']);
});

after(async () => {
  await browser?.close();
  await app?.stop();
});

/** Tabs forward until `selector` has the focus (at most `limit` presses). */
async function tabTo(page, selector, limit = 120) {
  for (let i = 0; i < limit; i += 1) {
    if (await page.evaluate((s) => document.activeElement?.matches(s), selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`never reached ${selector} by Tab`);
}

test('the assurance calendar on a 360 px phone: open by keyboard, an overdue duty, a feed made and revoked', async (t) => {
  if (!browser) return t.skip('Chromium is not installed (apt-get install chromium); .ci/run installs it');
  const phone = await browser.newContext({ viewport: { width: 360, height: 800 }, locale: 'en-GB' });
  const page = await phone.newPage();
  await signIn(page, app.url);

  // From the home page, by the menu, with the keyboard only.
  await page.goto(`${app.url}/`);
  await tabTo(page, '[data-menu-toggle]');
  await page.keyboard.press('Enter');
  await tabTo(page, 'nav a[href="/calendar"]');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Assurance calendar', level: 1 }).waitFor();
  assert.equal(await overflowsHorizontally(page), false, 'the calendar fits the phone');

  // Overdue first: the first row is overdue, says when it was due and links to doing it.
  const first = page.locator('table.calendar tbody tr').first();
  assert.match(await first.getAttribute('class'), /overdue/);
  const text = await first.textContent();
  assert.match(text, /Overdue/);
  assert.ok((await first.locator('td[data-label="Responsible"]').textContent()).trim().length > 0, 'who is responsible');
  assert.ok(await first.locator('td[data-label="Do it"] a').count(), 'a link that does the duty');
  const main = await page.locator('main').textContent();
  assert.match(main, /\d+ overdue/);
  assert.doesNotMatch(main, /pack-check-|supplier-review-|undefined|null/, 'no developer text');
  await page.evaluate(() => document.querySelector('main h2').scrollIntoView());
  await page.screenshot({ path: '../docs/calendar-phone.png' });

  // The calendar address, made by keyboard and shown once.
  await tabTo(page, '#feed button[type="submit"]');
  assert.match(await page.evaluate(() => document.activeElement.textContent), /Make my calendar address/);
  await page.keyboard.press('Enter');
  const shown = page.locator('#feed-url');
  await shown.waitFor();
  const url = await shown.inputValue();
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/calendar\/feed\/[0-9a-f]{64}\.ics$/);
  assert.equal(await overflowsHorizontally(page), false, 'the address fits the phone');
  // It serves the duties as an iCalendar file, to a client with no cookie.
  let res = await fetch(url);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'text/calendar; charset=utf-8');
  const ics = await res.text();
  assert.match(ics, /^BEGIN:VCALENDAR\r\n/);
  assert.match(ics, /BEGIN:VEVENT\r\n/);
  // Reloaded, the page no longer shows it: only that one exists.
  await page.goto(`${app.url}/calendar`);
  assert.equal(await page.locator('#feed-url').count(), 0, 'shown only once');
  assert.match(await page.locator('#feed').textContent(), /You have a calendar address, made/);

  // Revoked by keyboard: the address then answers 404.
  await tabTo(page, '#feed form[action="/calendar/feed/revoke"] button');
  await page.keyboard.press('Enter');
  await page.locator('.notice').waitFor();
  assert.match(await page.locator('.notice').textContent(), /revoked/);
  res = await fetch(url);
  assert.equal(res.status, 404);
  assert.match(await page.locator('#feed').textContent(), /Make my calendar address/);
  await phone.close();

  const desk = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(desk, app.url);
  await desk.goto(`${app.url}/calendar`);
  await desk.screenshot({ path: '../docs/calendar-desktop.png' });
  await desk.close();
});
