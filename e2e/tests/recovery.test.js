// The seed's first story in a browser: CarePlan Cloud and the eMAR go down one morning at a
// supported-living service. After restoration the manager enters the paper MAR sheets with the
// keyboard alone, reconciliation explains what it found, the manager resolves it, signs off and
// downloads the downtime report. Set LANTERN_SHOTS=DIR to keep screenshots.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startLantern, launchBrowser, signIn, overflowsHorizontally } from '../lib/harness.js';

const MANAGER = { email: 'manager@riverside-care.example', password: 'lantern-demo' };
let app;
let browser;
const shots = process.env.LANTERN_SHOTS;

before(async () => {
  browser = await launchBrowser();
  if (browser) app = await startLantern(['--clock-from', '2026-11-24T12:00']);
});

after(async () => {
  await browser?.close();
  await app?.stop();
});

test('story 1: a supplier outage is entered from paper, reconciled and signed off', async (t) => {
  if (!browser) return t.skip('Chromium is not installed (apt-get install chromium); .ci/run installs it');
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
  const page = await context.newPage();
  page.on('dialog', (d) => d.accept());
  await signIn(page, app.url, MANAGER);

  // Declare: both systems, one supported-living service.
  await page.goto(`${app.url}/disruptions/new`);
  await page.getByLabel('What has happened').selectOption('supplier_outage');
  await page.getByLabel('Short title').fill('CarePlan Cloud and MedsTrack eMAR down');
  await page.getByLabel(/CarePlan Cloud ·/).check();
  await page.getByLabel(/MedsTrack eMAR/).check();
  for (const box of await page.locator('#f-services input[type=checkbox]').all()) {
    const label = await page.locator(`label[for="${await box.getAttribute('id')}"]`).textContent();
    if (!label.includes('Birch Court')) await box.uncheck();
  }
  await page.getByLabel('Started').fill('2026-11-24T07:00');
  await page.getByLabel('No, not at present').check();
  await page.getByRole('button', { name: 'Declare disruption' }).click();
  await page.getByText('Disruption declared.').waitFor();
  const disruptionUrl = page.url().replace(/\?.*$/, '');

  await page.getByLabel('Kind of entry').selectOption('supplier_contact');
  await page.getByLabel('What happened or was decided').fill('CarePlan support: priority 1 ticket 5521; fix expected by 11:00');
  await page.getByRole('button', { name: 'Add entry' }).click();
  await page.getByText('Added to the timeline.').waitFor();
  await page.locator('#f-restored_at').fill('2026-11-24T11:00');
  await page.getByRole('button', { name: 'Close disruption' }).click();
  await page.getByText('Disruption closed.').waitFor();

  // Enter every paper MAR with the keyboard: the first dose refused, the rest given on time;
  // on the first sheet a second carer also initialled the second dose, written at the foot.
  await page.getByRole('link', { name: 'Enter paper records' }).first().click();
  const sheets = await page.locator('.sheet-list a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.ok(sheets.length >= 2, `MAR sheets to enter: ${sheets.length}`);
  let duplicated = '';
  for (const [n, sheet] of sheets.entries()) {
    await page.goto(app.url + sheet);
    const rows = await page.locator('select[name^="outcome_"]').count();
    if (n === 0) assert.ok(rows >= 2, `the first sheet has two doses due: ${rows}`);
    await page.locator('select[name="outcome_0"]').focus();
    for (let i = 0; i < rows; i++) {
      if (n === 0 && i === 0) {
        await page.keyboard.type('r');           // Refused
        await page.keyboard.press('Tab');        // time
        await page.keyboard.type('0805');
        await page.keyboard.press('Tab');        // initials
        await page.keyboard.type('JP');
        await page.keyboard.press('Tab');        // note
        await page.keyboard.type('Said she felt sick; offered again later');
      } else {
        await page.keyboard.type('g');           // Given, at the time printed on the row
        await page.keyboard.press('Tab');
        await page.keyboard.press('Tab');
        await page.keyboard.type('JP');
        await page.keyboard.press('Tab');
      }
      await page.keyboard.press('Tab');          // on to the next row
    }
    if (n === 0) {
      // The next Tab is the first row at the foot: the second dose again, by its name.
      const medicine = (await page.locator('td[data-label="Medicine"]').nth(1).textContent()).trim();
      const due = (await page.locator('th[data-label="Due"]').nth(1).textContent()).trim().slice(0, 5);
      duplicated = medicine.split(' — ')[0];
      assert.equal(await page.evaluate(() => document.activeElement.name), 'xmed_0', 'Tab reaches the foot of the sheet');
      await page.keyboard.type(medicine.slice(0, 12));
      const chosen = await page.locator('select[name="xmed_0"] option:checked').textContent();
      assert.ok(chosen.startsWith(duplicated), `typing the name chose it: ${chosen}`);
      await page.keyboard.press('Tab');          // what happened: Given already
      await page.keyboard.press('Tab');          // time
      await page.keyboard.type(due.replace(':', ''));
      await page.keyboard.press('Tab');          // initials
      await page.keyboard.type('AB');
      if (shots) await page.screenshot({ path: `${shots}/mar-entry-desktop.png`, fullPage: true });
    }
    await page.locator('#f-notes').focus();
    await page.keyboard.type('Entered from the paper sheet');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');          // Save sheet
    await page.waitForURL(/entry\?saved=1/);
  }
  await page.getByText('Every sheet has been entered.').waitFor();

  // Reconciliation finds the second entry as a duplicate dose (and the refusal, whatever it
  // is called); the manager resolves each finding and signs off.
  await page.getByRole('link', { name: 'Reconciliation' }).click();
  const heading = await page.locator('h1').textContent();
  assert.match(heading, /2 findings, 2 not resolved/);
  const duplicate = page.locator('li.finding').filter({ hasText: 'Duplicate dose' });
  assert.equal(await duplicate.count(), 1, 'the second entry is a duplicate dose');
  assert.match(await duplicate.textContent(), /recorded as given 2 times/);
  assert.ok((await duplicate.textContent()).includes(duplicated), `the duplicate names ${duplicated}`);
  assert.match(await duplicate.textContent(), /Next step:/);
  if (shots) await page.screenshot({ path: `${shots}/reconciliation-desktop.png`, fullPage: true });
  for (let left = 2; left > 0; left--) {
    const finding = page.locator('li.finding').filter({ has: page.getByRole('button', { name: 'Resolve', exact: true }) }).first();
    await finding.getByLabel('What was done').selectOption('family_informed');
    await finding.getByLabel('Note', { exact: true }).fill('Daughter told; GP says no harm');
    await finding.getByRole('button', { name: 'Resolve' }).click();
    await page.locator('h1', { hasText: `, ${left - 1} not resolved` }).waitFor();
  }
  await page.getByLabel("Manager's note").fill('One refusal and one dose initialled twice, both followed up.');
  await page.getByRole('button', { name: 'Sign off the reconciliation' }).click();
  await page.getByText('Reconciliation signed off.').waitFor();

  // The downtime report, on the page and as a PDF.
  await page.getByRole('link', { name: 'Downtime report' }).click();
  for (const text of ['Systems and recovery targets', 'CarePlan support: priority 1 ticket 5521', 'Signed off by Priya Shah']) {
    assert.ok((await page.locator('main').textContent()).includes(text), `report shows "${text}"`);
  }
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download PDF' }).click()]);
  const path = await download.path();
  const { readFileSync } = await import('node:fs');
  assert.equal(readFileSync(path).subarray(0, 4).toString(), '%PDF');
  if (shots) await page.screenshot({ path: `${shots}/report-desktop.png` });

  // The same pages fit a phone.
  const phone = await browser.newContext({ viewport: { width: 360, height: 800 }, locale: 'en-GB' });
  const small = await phone.newPage();
  await signIn(small, app.url, MANAGER);
  for (const path of [`${disruptionUrl}/reconciliation`, app.url + sheets[0], `${disruptionUrl}/report`]) {
    await small.goto(path);
    assert.equal(await overflowsHorizontally(small), false, `${path} fits a 360 px phone`);
  }
  if (shots) {
    await small.goto(app.url + sheets[0]);
    await small.screenshot({ path: `${shots}/mar-entry-phone.png` });
  }
  await phone.close();
  await context.close();
});
