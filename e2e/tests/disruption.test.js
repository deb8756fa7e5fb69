// The seed's second story on a phone: a phishing incident at the home-care branch. The
// coordinator declares it, works the checklist, logs supplier contact, runs the live board
// (an unconfirmed visit is overdue: the demo's clock is set to 09:40, no sleeping), rings the
// families of higher-risk people, and closes it. Set LANTERN_SHOTS=DIR to keep screenshots.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startLantern, launchBrowser, signIn, openMenu, overflowsHorizontally, COORDINATOR } from '../lib/harness.js';

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

async function fits(page, what) {
  assert.equal(await overflowsHorizontally(page), false, `${what} fits a 360 px phone`);
}

async function shoot(page, name) {
  if (shots) await page.screenshot({ path: `${shots}/${name}.png`, fullPage: false });
}

test('story 2: a coordinator runs a cyber incident from a phone (360 px)', async (t) => {
  if (!browser) return t.skip('Chromium is not installed (apt-get install chromium); .ci/run installs it');
  const page = await browser.newPage({ viewport: { width: 360, height: 800 } });
  page.on('dialog', (d) => d.accept());
  await signIn(page, app.url, COORDINATOR);

  // Declare: ticking the e-mail system ticks the branch that depends on it.
  await openMenu(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Disruptions' }).click();
  await page.getByRole('link', { name: 'Declare a disruption' }).click();
  await fits(page, 'the declaration form');
  await page.getByLabel('What has happened').selectOption('cyber_incident');
  await page.getByLabel('Short title').fill('Phishing e-mail: e-mail and shared files isolated');
  await page.getByLabel(/OfficeMail e-mail/).check();
  await page.getByLabel(/Shared drive/).check();
  const branch = page.locator('#f-services input[type=checkbox]').first();
  assert.equal(await branch.isChecked(), true, 'the branch is proposed from the systems');
  await page.getByLabel('Started').fill('2026-11-24T09:15');
  // Left unanswered, the safe-care question is asked again, with everything typed kept.
  await page.getByRole('button', { name: 'Declare disruption' }).click();
  await page.locator('.error', { hasText: 'say whether this stops or threatens safe care' }).waitFor();
  assert.equal(await page.getByLabel('Short title').inputValue(), 'Phishing e-mail: e-mail and shared files isolated');
  assert.equal(await page.getByLabel(/OfficeMail e-mail/).isChecked(), true);
  assert.equal(await page.getByLabel('Started').inputValue(), '2026-11-24T09:15');
  await fits(page, 'the declaration form with an error');
  // A phishing attack that has taken the branch's e-mail threatens safe care: CQC at once.
  await page.getByLabel('Yes: it stops or threatens safe care').check();
  await page.getByRole('button', { name: 'Declare disruption' }).click();
  await page.getByText('Disruption declared.').waitFor();
  await page.getByText('Notify CQC now.').waitFor();
  assert.match(await page.locator('#cqc').textContent(), /Regulation 18\(2\)\(g\)/);
  await fits(page, 'the disruption page');
  const disruptionUrl = page.url().replace(/\?.*$/, '');

  // Work the checklist: each tick says who and when.
  await page.getByRole('button', { name: /^Mark done: Tell the manager on call/ }).click();
  await page.getByText('Checklist updated.').waitFor();
  await page.getByText(/Done 09:4\d by Tom Evans/).first().waitFor();

  // Log supplier contact, then correct it: the original stays.
  await page.getByLabel('Kind of entry').selectOption('supplier_contact');
  await page.getByLabel('What happened or was decided').fill('Rang IT support: call reference 4411');
  await page.getByRole('button', { name: 'Add entry' }).click();
  await page.getByText('Added to the timeline.').waitFor();
  await page.getByRole('link', { name: 'Correct this entry' }).first().click();
  await page.getByText(/Correcting: “Rang IT support/).waitFor();
  await page.getByLabel('What happened or was decided').fill('The reference is 4417, not 4411');
  await page.getByRole('button', { name: 'Add entry' }).click();
  await page.getByText('Added to the timeline.').waitFor();
  assert.ok(await page.getByText('Rang IT support: call reference 4411').isVisible(), 'the original entry stays');
  await page.getByText(/Corrects the entry of 09:4\d \(Supplier contact\)/).waitFor();

  // The live board: visits that started before 09:10 and are not confirmed are overdue.
  await page.getByRole('link', { name: 'Live board' }).click();
  await fits(page, 'the live board');
  const overdue = page.locator('.board-overdue li.visit');
  assert.ok((await overdue.count()) > 0, 'overdue visits at 09:40');
  const firstOverdue = overdue.first();
  const warning = await firstOverdue.locator('.visit-warning').textContent();
  assert.match(warning, /Not confirmed \d+ (min|h)/);
  await shoot(page, 'board-phone');

  // Two taps: the board is open; one tap sets the status (the card updates in place).
  const visitId = await firstOverdue.getAttribute('id');
  await firstOverdue.getByRole('button', { name: 'Confirmed' }).click();
  await page.locator(`#${visitId} .badge`, { hasText: 'Confirmed by phone' }).waitFor();
  assert.equal(await page.locator(`#${visitId} .visit-warning`).count(), 0, 'no longer overdue');
  // Missed asks why, and for a confirmation: it goes in the timeline.
  const secondId = await page.locator('.board-overdue li.visit').nth(1).getAttribute('id');
  const second = page.locator(`#${secondId}`);
  await second.getByText('Missed…').click();
  await second.getByLabel('Why was it missed?').fill('Carer off sick; no cover found');
  await second.getByLabel(/did not happen/).check();
  await second.getByRole('button', { name: 'Mark missed' }).click();
  await page.locator(`#${secondId} .badge`, { hasText: 'Missed' }).waitFor();
  await page.reload();
  assert.equal(await page.locator(`.board-underway #${visitId}`).count(), 1, 'confirmed visits move under way');

  // Families: higher-risk people first; a call that reaches them settles the line.
  await page.goto(disruptionUrl);
  await page.getByRole('link', { name: /Families to ring/ }).click();
  await fits(page, 'the families list');
  const heading = await page.locator('h1').textContent();
  const before = Number(heading.match(/(\d+) still to reach/)[1]);
  const first = page.locator('li.family').first();
  assert.match(await first.textContent(), /High risk/);
  await shoot(page, 'families-phone');
  await first.getByLabel('Note (optional)').fill('Daughter told; she will visit at lunch');
  await first.getByRole('button', { name: 'Spoke to them' }).click();
  await page.getByText('Call recorded.').waitFor();
  const after = Number((await page.locator('h1').textContent()).match(/(\d+) still to reach/)[1]);
  assert.equal(after, before - 1);

  // Close, and the timeline tells the story.
  await page.goto(disruptionUrl);
  await page.getByRole('button', { name: 'Close disruption' }).click();
  await page.getByText('Disruption closed.').waitFor();
  const timeline = await page.locator('.timeline').textContent();
  for (const text of ['Declared: Phishing', 'Done: Tell the manager on call', 'marked missed', 'Closed: systems restored']) {
    assert.ok(timeline.includes(text), `timeline has "${text}"`);
  }
  await page.close();

  if (shots) {
    const desk = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(desk, app.url, COORDINATOR);
    await desk.goto(disruptionUrl);
    await desk.screenshot({ path: `${shots}/disruption-desktop.png`, fullPage: true });
    await desk.getByRole('link', { name: 'Live board' }).click();
    await desk.screenshot({ path: `${shots}/board-desktop.png` });
    await desk.goto(`${disruptionUrl}/families`);
    await desk.screenshot({ path: `${shots}/families-desktop.png` });
    await desk.close();
  }
});
