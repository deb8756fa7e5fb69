// Training coverage on a phone, as a registered manager checks it before a DSPT submission:
// the branch below the line reads red with its figure, its list names who to book, and
// nothing runs off the side of a 360 px screen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startLantern, launchBrowser, signIn, openMenu, overflowsHorizontally } from '../lib/harness.js';

let app;
let browser;

before(async () => {
  browser = await launchBrowser();
  if (browser) app = await startLantern();
});

after(async () => {
  await browser?.close();
  await app?.stop();
});

test('training coverage fits a phone (360 px) and a figure below the line lists who to book', async (t) => {
  if (!browser) return t.skip('Chromium is not installed (apt-get install chromium); .ci/run installs it');
  const page = await browser.newPage({ viewport: { width: 360, height: 800 } });
  await signIn(page, app.url);
  await openMenu(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Training' }).click();
  await page.getByRole('heading', { name: 'Training coverage' }).waitFor();
  assert.equal(await overflowsHorizontally(page), false, 'the coverage fits the phone');
  const below = page.locator('table.coverage a.badge-high');
  assert.ok(await below.count() >= 1, 'a figure below the threshold');
  assert.match(await below.first().textContent(), /\d+ of \d+ · \d+%/);
  await page.screenshot({ path: '../docs/training-coverage-phone.png' });

  await below.first().click();
  await page.getByRole('heading', { name: 'Who needs booking' }).waitFor();
  assert.match(await page.locator('main').textContent(), /Overdue|Never trained/);
  assert.equal(await overflowsHorizontally(page), false, 'the list fits the phone');
  await page.close();

  const desk = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(desk, app.url);
  await desk.goto(`${app.url}/training`);
  await desk.getByRole('heading', { name: 'Training coverage' }).waitFor();
  assert.equal(await overflowsHorizontally(desk), false);
  await desk.screenshot({ path: '../docs/training-coverage-desktop.png', fullPage: true });
  await desk.close();
});
