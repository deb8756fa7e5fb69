// A drill on a phone, as a manager running a tabletop: open the drill, drag the hours and the
// figures follow in place, nothing wider than the screen; then the briefing sheet. Keeps the
// screenshots of the drill page (desktop and 360 px) and a PNG of the briefing's first page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLantern, launchBrowser, signIn, openMenu, overflowsHorizontally } from '../lib/harness.js';

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

const tally = (page) => page.locator('#what-if-result .tally').textContent();

test('a drill on a 360 px phone: drag the hours and the figures follow', async (t) => {
  if (!browser) return t.skip('Chromium is not installed (apt-get install chromium); .ci/run installs it');
  const page = await browser.newPage({ viewport: { width: 360, height: 800 } });
  await signIn(page, app.url);
  await openMenu(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Drills' }).click();
  await page.getByRole('link', { name: /Tabletop: CarePlan Cloud/ }).first().click();
  await page.getByRole('heading', { name: /Tabletop: CarePlan Cloud/ }).waitFor();
  await page.waitForFunction(() => /4 hours from/.test(document.querySelector('#what-if-result h2')?.textContent || ''));
  const before = await tally(page);
  assert.match(await page.locator('main').textContent(), /Injects/);
  assert.match(await page.locator('main').textContent(), /Print each run's visit list/, 'the actions it raised');

  // Eight steps right: twelve hours, swapped in place.
  const marker = await page.evaluate(() => (window.__notReloaded = true));
  await page.getByLabel(/Lasts/).focus();
  for (let i = 0; i < 8; i += 1) await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => /12 hours from/.test(document.querySelector('#what-if-result h2')?.textContent || ''));
  assert.equal(await page.evaluate(() => window.__notReloaded), marker, 'the answer was swapped in place');
  assert.match(page.url(), /hours=12/);
  assert.notEqual(await tally(page), before, 'the figures follow the hours');
  assert.equal(await page.inputValue('#save-hours'), '12', 'saving keeps what is shown');
  assert.equal(await overflowsHorizontally(page), false, 'the drill page fits the phone');
  await page.screenshot({ path: '../docs/drill-phone.png' });

  // Desktop, and the briefing sheet it prints.
  const desk = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(desk, app.url);
  await desk.goto(page.url());
  await desk.getByRole('heading', { name: /Tabletop: CarePlan Cloud/ }).waitFor();
  await desk.screenshot({ path: '../docs/drill-desktop.png' });
  const href = await desk.getByRole('link', { name: 'Print briefing sheet' }).getAttribute('href');
  const res = await desk.request.get(app.url + href);
  assert.equal(res.status(), 200);
  const pdf = await res.body();
  assert.equal(pdf.subarray(0, 4).toString(), '%PDF');
  const dir = mkdtempSync(join(tmpdir(), 'lantern-briefing-'));
  writeFileSync(join(dir, 'briefing.pdf'), pdf);
  // poppler-utils is installed by .ci/run, as for every PDF test.
  execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', join(dir, 'briefing.pdf'), join(dir, 'page')]);
  copyFileSync(join(dir, 'page.png'), '../docs/drill-briefing.png');
  await desk.close();
  await page.close();
});
