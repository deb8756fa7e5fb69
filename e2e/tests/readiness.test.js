// Story 2's lesson carried through, on a 360 px phone: the demo's phishing incident at the
// home-care branch was reviewed, its lesson logged, the pack checked with its contact sheet;
// the branch's readiness says what is still not ready (no pack printed yet in this demo,
// phishing awareness below 95%) and links to the pages that fix them; building the pack and
// recording the two overdue carers' refreshers there turns the branch green. By keyboard where a person types. Keeps screenshots of readiness (phone and desktop).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startLantern, launchBrowser, signIn, overflowsHorizontally, openMenu, COORDINATOR } from '../lib/harness.js';

let app;
let browser;

before(async () => {
  browser = await launchBrowser();
  if (!browser) return;
  app = await startLantern(['--clock-from', '2026-11-24T09:40']);
});

after(async () => {
  await browser?.close();
  await app?.stop();
});

const BRANCH = /Riverside Home Care/;

test('the review → action → log → readiness path of story 2 on a 360 px phone', async (t) => {
  if (!browser) return t.skip('Chromium is not installed (apt-get install chromium); .ci/run installs it');
  // The coordinator of the branch sees its readiness on the home page and why it is not ready.
  const coord = await browser.newPage({ viewport: { width: 360, height: 800 } });
  await signIn(coord, app.url, COORDINATOR);
  const roll = coord.locator('.readiness-roll');
  await roll.getByRole('link', { name: BRANCH }).waitFor();
  // This demo builds no pack by itself (packs are laid out on request): the pack and training.
  assert.match(await roll.textContent(), /Not ready — Downtime pack, Training/);
  await roll.getByRole('link', { name: BRANCH }).focus();
  await coord.keyboard.press('Enter');
  await coord.getByRole('heading', { level: 1, name: BRANCH }).waitFor();
  assert.equal(await overflowsHorizontally(coord), false, 'readiness fits the phone');
  await coord.screenshot({ path: '../docs/readiness-phone.png', fullPage: true });
  const training = coord.locator('li.lamp', { has: coord.getByRole('heading', { name: /Training/ }) });
  assert.match(await training.textContent(), /Below the 95% threshold: Phishing awareness 88%/);
  for (const [what, said] of [
    ['Emergency contacts', /Checked against the care records on 2[0-9] Nov 2026 by Priya Shah/],
    ['Risk reviews', /reviewed on time/],
    ['Post-incident reviews', /Every closed disruption has been reviewed/],
  ]) {
    const lamp = coord.locator('li.lamp', { has: coord.getByRole('heading', { name: new RegExp(what) }) });
    assert.match(await lamp.textContent(), said, what);
    assert.match(await lamp.textContent(), /Ready/, `${what} is green`);
  }

  // The review that led here, its lesson in the governance log, and the actions it raised.
  await coord.goto(`${app.url}/disruptions`);
  await coord.getByRole('link', { name: /Phishing: e-mail and CarePlan Cloud taken offline/ }).first().click();
  await coord.getByText(/Phishing: e-mail and CarePlan Cloud taken offline/).first().waitFor();
  await coord.goto(`${app.url}/governance`);
  await coord.getByText('Phishing: the printed emergency-contact sheet was three months old').waitFor();
  await coord.goto(`${app.url}/actions`);
  await coord.getByText('Phishing awareness refresher for the carers who are overdue').waitFor();

  // The manager follows the light to training and records the refreshers, by keyboard.
  const page = await browser.newPage({ viewport: { width: 360, height: 800 } });
  await signIn(page, app.url);
  await page.goto(`${app.url}/readiness`);
  await page.getByRole('link', { name: 'See why and fix it for Riverside Home Care — Northgate branch' }).click();
  const readinessUrl = page.url();
  await page.getByRole('link', { name: 'Open the downtime pack (Downtime pack)' }).click();
  // The branch's pack lays out a week of visit lists and MAR: slow in a debug build.
  await page.getByRole('button', { name: 'Build pack' }).click({ timeout: 300_000 });
  await page.getByText('Built version 1.').waitFor();
  await page.goto(readinessUrl);
  await page.getByRole('link', { name: 'Open training coverage (Training)' }).click();
  await page.getByRole('link', { name: /88%/ }).first().click();
  await page.getByRole('heading', { name: 'Phishing awareness' }).waitFor();
  const overdue = await page.locator('table.records tbody th a').allTextContents();
  assert.equal(overdue.length, 2, `two carers to book: ${overdue}`);
  for (const name of overdue) {
    await page.goto(`${app.url}/training-records/new`);
    await page.locator('#f-staff_id').focus();
    await page.selectOption('#f-staff_id', { label: name.trim() });
    await page.selectOption('#f-course_id', { label: 'Phishing awareness' });
    await page.fill('#f-completed_on', '2026-11-23');
    await page.locator('#f-completed_on').press('Enter');
    await page.waitForURL(/\/training-records\/\d+/, { timeout: 10_000 }).catch(async () => {
      assert.fail(`the completion was refused: ${await page.locator('.error-summary').textContent()}`);
    });
  }
  await page.goto(`${app.url}/readiness`);
  const card = page.locator('.unit-card', { has: page.getByRole('heading', { name: BRANCH }) });
  assert.match(await card.textContent(), /Ready/);
  assert.doesNotMatch(await card.textContent(), /Not ready|Needs attention/, 'the branch turned green');

  // Yesterday still reads as it was then: not ready, on training.
  await page.goto(`${app.url}/readiness`);
  await page.getByLabel('Show readiness on').fill('2026-11-23');
  await page.getByRole('button', { name: 'Show' }).click();
  await page.getByText('A past day.').waitFor();

  const desk = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(desk, app.url);
  await desk.goto(`${app.url}/readiness`);
  await desk.screenshot({ path: '../docs/readiness-desktop.png', fullPage: true });
});
