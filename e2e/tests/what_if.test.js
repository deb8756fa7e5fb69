// The outage what-if on a phone, as a quality lead briefing a drill: tick the system that
// fails, drag the hours with the keyboard, and the answer follows in place — the URL too, so
// Back and a shared link show the same what-if.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startLantern, launchBrowser, signIn, openMenu, overflowsHorizontally } from '../lib/harness.js';

let app;
let browser;

before(async () => {
  browser = await launchBrowser();
  // A fixed morning: from the wall clock's late evening, four and six hours hold the same
  // doses and visits (none at night), and the figures could not be seen to follow.
  if (browser) app = await startLantern(['--clock-from', '2026-11-24T09:40']);
});

after(async () => {
  await browser?.close();
  await app?.stop();
});

const headline = (page) => page.locator('#what-if-result h2').first().textContent();

test('a what-if follows the slider in place on a phone (360 px)', async (t) => {
  if (!browser) return t.skip('Chromium is not installed (apt-get install chromium); .ci/run installs it');
  const page = await browser.newPage({ viewport: { width: 360, height: 800 } });
  await signIn(page, app.url);
  await openMenu(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'What if' }).click();
  await page.getByRole('heading', { name: 'Outage what-if' }).waitFor();
  await page.getByLabel(/MedsTrack eMAR/).check();
  await page.getByRole('button', { name: 'Show what it touches' }).click();
  await page.waitForFunction(() => /4 hours from/.test(document.querySelector('#what-if-result h2')?.textContent || ''));
  assert.match(await headline(page), /people in/);
  const before = await page.locator('#what-if-result .tally').textContent();

  // Two steps right on the slider: six hours, without a page load.
  const marker = await page.evaluate(() => (window.__notReloaded = true));
  await page.getByLabel(/Lasts/).focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => /6 hours from/.test(document.querySelector('#what-if-result h2')?.textContent || ''));
  assert.equal(await page.evaluate(() => window.__notReloaded), marker, 'the answer was swapped in place');
  assert.match(page.url(), /hours=6/, 'the address says what is shown');
  assert.notEqual(await page.locator('#what-if-result .tally').textContent(), before, 'the figures follow the hours');
  assert.equal(await overflowsHorizontally(page), false, 'the what-if fits the phone');
  await page.locator('#what-if-result').scrollIntoViewIfNeeded();
  await page.screenshot({ path: '../docs/what-if-phone.png' });

  // A link shows the same what-if.
  const again = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(again, app.url);
  await again.goto(page.url());
  assert.match(await headline(again), /6 hours from/);
  await again.screenshot({ path: '../docs/what-if-desktop.png' });
  await again.close();
  await page.close();
});

test('a what-if with nothing chosen says what to choose, at the top', async (t) => {
  if (!browser) return t.skip('Chromium is not installed (apt-get install chromium); .ci/run installs it');
  const page = await browser.newPage({ viewport: { width: 360, height: 800 } });
  await signIn(page, app.url);
  await page.goto(`${app.url}/what-if`);
  await page.getByRole('button', { name: 'Show what it touches' }).click();
  const summary = page.locator('#error-summary');
  await summary.waitFor();
  assert.match(await summary.textContent(), /choose the systems that fail/);
  await page.close();
});
