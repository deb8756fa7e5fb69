// The governance log on a phone, as a registered manager after a drill: add an entry by
// keyboard alone, see a refused one keep what was typed, then correct an entry — the old one
// stays, marked as corrected. Keeps the screenshots of the log (desktop and 360 px) and a PNG
// of the printed log's first page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
async function tabTo(page, selector, limit = 80) {
  for (let i = 0; i < limit; i += 1) {
    if (await page.evaluate((s) => document.activeElement?.matches(s), selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`never reached ${selector} by Tab`);
}

test('the governance log on a 360 px phone: add by keyboard, a refusal keeps the text, a correction', async (t) => {
  if (!browser) return t.skip('Chromium is not installed (apt-get install chromium); .ci/run installs it');
  // en-GB: a date box is typed day, month, year.
  const phone = await browser.newContext({ viewport: { width: 360, height: 800 }, locale: 'en-GB' });
  const page = await phone.newPage();
  await signIn(page, app.url);
  await page.goto(`${app.url}/governance`);
  await page.getByRole('heading', { name: 'Governance log', level: 1 }).waitFor();
  assert.match(await page.locator('main').textContent(), /Continuity plan signed off by the board/);
  assert.equal(await overflowsHorizontally(page), false, 'the log fits the phone');
  // The entries, as a manager scrolls to them under the filters.
  await page.evaluate(() => document.querySelector('main h2').scrollIntoView());
  await page.screenshot({ path: '../docs/governance-log-phone.png' });

  // A refused entry: no title, a date after today. Everything typed stays.
  await page.locator('#f-kind').focus();
  await page.keyboard.press('ArrowDown'); // the first kind: a lesson learned
  await tabTo(page, '#f-occurred_on');
  // A date box's segments follow the browser's own locale: its value is set, the rest is typed.
  await page.fill('#f-occurred_on', '2026-11-25');
  await tabTo(page, '#f-body');
  await page.keyboard.type('Night staff found the paper MAR in the office, not on the unit.');
  await tabTo(page, '#add-entry button[type="submit"]');
  await page.keyboard.press('Enter');
  const summary = page.locator('#error-summary');
  await summary.waitFor();
  const said = await summary.textContent();
  assert.match(said, /Title: give the entry a title/);
  assert.match(said, /Date it is about: cannot be after today/);
  assert.equal(await page.inputValue('#f-body'), 'Night staff found the paper MAR in the office, not on the unit.');
  assert.equal(await page.inputValue('#f-kind'), 'lesson');

  // Put right by keyboard, and added.
  await page.locator('#f-occurred_on').focus();
  await page.fill('#f-occurred_on', '2026-11-23');
  await tabTo(page, '#f-title');
  await page.keyboard.type('Keep the paper MAR on each unit');
  await tabTo(page, '#add-entry button[type="submit"]');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Keep the paper MAR on each unit', level: 1 }).waitFor();
  assert.match(await page.locator('main').textContent(), /The entry is recorded/);
  const entryUrl = page.url();

  // Correct it: a new entry naming this one; this one stays.
  await page.locator('#f-title').focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('Keep the paper MAR on each unit and in the office');
  await tabTo(page, '#correct-entry button[type="submit"]');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Keep the paper MAR on each unit and in the office', level: 1 }).waitFor();
  assert.match(await page.locator('main').textContent(), /It corrects/);
  await page.goto(entryUrl);
  assert.match(await page.locator('main').textContent(), /This entry has been corrected/);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Keep the paper MAR on each unit');
  assert.equal(await overflowsHorizontally(page), false, 'the entry page fits the phone');
  await phone.close();

  // Desktop, and the printed log.
  const desk = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(desk, app.url);
  await desk.goto(`${app.url}/governance`);
  await desk.getByRole('heading', { name: 'Governance log', level: 1 }).waitFor();
  await desk.screenshot({ path: '../docs/governance-log-desktop.png' });
  const href = await desk.getByRole('link', { name: 'Print (PDF)' }).getAttribute('href');
  const res = await desk.request.get(app.url + href);
  assert.equal(res.status(), 200);
  const pdf = await res.body();
  assert.equal(pdf.subarray(0, 4).toString(), '%PDF');
  const dir = mkdtempSync(join(tmpdir(), 'lantern-governance-'));
  writeFileSync(join(dir, 'log.pdf'), pdf);
  execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', join(dir, 'log.pdf'), join(dir, 'page')]);
  copyFileSync(join(dir, 'page.png'), '../docs/governance-log-print.png');
  await desk.close();
});
