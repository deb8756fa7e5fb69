// Service boundaries in the browser: a care-system outage across the whole group, worked by the
// registered manager (every service) and by the home-care branch's coordinator (one service).
// The coordinator never sees what was logged about a supported-living service, writes about
// their own branch by default, and does it from the keyboard on a phone. Then a stranger's
// guesses at the manager's password are held back without locking her out.
// Set LANTERN_SHOTS=DIR to keep screenshots.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startLantern, launchBrowser, signIn, openMenu, overflowsHorizontally, COORDINATOR } from '../lib/harness.js';

const MANAGER = { email: 'manager@riverside-care.example', password: 'lantern-demo' };
const ALDER = 'Riverside Supported Living — Alder House';
const BRANCH = 'Riverside Home Care — Northgate branch';
const SECRET = 'Rang the GP about Alder House medicines';

let app;
let browser;
const shots = process.env.LANTERN_SHOTS;

before(async () => {
  browser = await launchBrowser();
  if (browser) app = await startLantern(['--clock-from', '2026-11-24T09:40']);
});

after(async () => {
  await browser?.close();
  await app?.stop();
});

async function shoot(page, name) {
  if (shots) await page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });
}

test('a shared disruption shows a one-branch coordinator only their branch', async (t) => {
  if (!browser) return t.skip('Chromium is not installed (apt-get install chromium); .ci/run installs it');
  const manager = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(manager, app.url, MANAGER);
  await manager.goto(`${app.url}/disruptions/new`);
  await manager.getByLabel('What has happened').selectOption('supplier_outage');
  await manager.getByLabel('Short title').fill('CarePlan Cloud down across the group');
  for (const box of await manager.locator('#f-services input[type=checkbox]').all()) await box.check();
  await manager.getByLabel('Started').fill('2026-11-24T09:00');
  await manager.getByLabel('No, not at present').check();
  await manager.getByRole('button', { name: 'Declare disruption' }).click();
  await manager.getByText('Disruption declared.').waitFor();
  const url = manager.url().replace(/\?.*$/, '');

  // The manager writes one entry about Alder House only, one about everything.
  await manager.getByLabel(`${ALDER} only`).check();
  await manager.getByLabel('What happened or was decided').fill(SECRET);
  await manager.getByRole('button', { name: 'Add entry' }).click();
  await manager.getByText('Added to the timeline.').waitFor();
  assert.ok(await manager.getByLabel(/^The whole disruption/).isChecked(), 'the whole disruption is the default for a manager of every service');
  await manager.getByText(`Only for ${ALDER}`).waitFor();
  await manager.getByLabel('What happened or was decided').fill('Every service is on paper');
  await manager.getByRole('button', { name: 'Add entry' }).click();
  await manager.getByText('Added to the timeline.').waitFor();
  await shoot(manager, 'boundaries-manager-desktop');

  // The coordinator of the branch, on a phone, with the keyboard alone.
  const coordinator = await browser.newPage({ viewport: { width: 360, height: 800 } });
  await signIn(coordinator, app.url, COORDINATOR);
  await coordinator.goto(url);
  await coordinator.getByText('Every service is on paper').waitFor();
  assert.equal(await coordinator.getByText(SECRET).count(), 0, 'an entry about Alder House is not shown to the branch');
  const services = await coordinator.locator('main').textContent();
  assert.ok(!services.includes(ALDER), 'the branch coordinator is not told which other services are affected');
  assert.ok(await coordinator.getByLabel(`${BRANCH} only`).isChecked(), 'a one-branch user writes about their branch');
  assert.equal(await coordinator.locator('#f-service_id input[type=radio]').count(), 2, 'the whole disruption, or their branch');
  await coordinator.getByLabel('Kind of entry').focus();
  await coordinator.keyboard.press('ArrowDown');
  await coordinator.keyboard.press('Tab');
  await coordinator.keyboard.press('Tab');
  await coordinator.keyboard.type('Carers confirmed by phone');
  // On to the button, through the parts of the date-and-time box.
  for (let i = 0; i < 12; i += 1) {
    await coordinator.keyboard.press('Tab');
    if (await coordinator.evaluate(() => document.activeElement?.textContent === 'Add entry')) break;
  }
  await coordinator.keyboard.press('Enter');
  await coordinator.getByText('Added to the timeline.').waitFor();
  await coordinator.getByText('Carers confirmed by phone').waitFor();
  await coordinator.getByText(`Only for ${BRANCH}`).first().waitFor();
  assert.equal(await overflowsHorizontally(coordinator), false, 'the disruption page fits a 360 px phone');
  await shoot(coordinator, 'boundaries-coordinator-phone');

  // The report of the branch holds nothing of Alder House.
  await coordinator.goto(`${url}/report`);
  const report = await coordinator.locator('main').textContent();
  assert.ok(!report.includes(SECRET) && !report.includes(ALDER), 'the report is of the branch only');

  // The manager sees the branch's entry, written about the branch.
  await manager.reload();
  await manager.getByText('Carers confirmed by phone').waitFor();
});

test('guesses at a password are held back, and the owner still signs in from her browser', async (t) => {
  if (!browser) return t.skip('Chromium is not installed (apt-get install chromium); .ci/run installs it');
  // The manager's browser has signed in before: it is trusted for her account.
  const owner = await browser.newContext({ viewport: { width: 360, height: 800 } });
  const ownerPage = await owner.newPage();
  await signIn(ownerPage, app.url, MANAGER);
  await openMenu(ownerPage);
  await ownerPage.getByRole('button', { name: 'Sign out' }).click();
  await ownerPage.getByText('You have signed out.').waitFor();

  // A stranger in another browser guesses until held back.
  const stranger = await browser.newPage({ viewport: { width: 360, height: 800 } });
  let message = '';
  for (let i = 0; i < 12 && !message.includes('Too many'); i += 1) {
    await stranger.goto(`${app.url}/login`);
    await stranger.getByLabel('Email').fill(MANAGER.email);
    await stranger.getByLabel('Password').fill(`guess-${i}`);
    await stranger.getByRole('button', { name: 'Sign in' }).click();
    message = await stranger.locator('main').textContent();
  }
  assert.match(message, /Too many sign-in attempts\. Wait .+ and try again\./);
  assert.equal(await overflowsHorizontally(stranger), false, 'the message fits a phone');
  await shoot(stranger, 'signin-held-back-phone');

  // The owner, at the same address but in her own browser, signs in at once.
  await signIn(ownerPage, app.url, MANAGER);
  await owner.close();
});
