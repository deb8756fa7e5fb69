// The outage day beyond the board, on a phone: tablets failing on one unit of the care home
// (the families, rounds and clocks are that unit's), closing with steps still open (said
// before closing, kept in the report), a refused form that comes back at the top with its
// error in focus and no POST left in the history, and a senior carer working the branch's
// day. Set LANTERN_SHOTS=DIR to keep screenshots.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startLantern, launchBrowser, signIn, overflowsHorizontally, ADMIN } from '../lib/harness.js';

const SENIOR = { email: 'senior@riverside-care.example', password: 'lantern-demo' };
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
  if (shots) await page.screenshot({ path: `${shots}/${name}.png`, fullPage: false });
}

test('a device failure on one unit of the care home is the size of that unit (360 px)', async (t) => {
  if (!browser) return t.skip('Chromium is not installed (apt-get install chromium); .ci/run installs it');
  const page = await browser.newPage({ viewport: { width: 360, height: 800 } });
  await signIn(page, app.url, ADMIN);
  await page.goto(`${app.url}/disruptions/new`);
  await page.getByLabel('What has happened').selectOption('device_failure');
  // Choosing a device failure opens the devices and the unit.
  await page.locator('#f-devices[open]').waitFor();
  const picked = await page.evaluate(() => {
    const boxes = [...document.querySelectorAll('#f-devices input[name=devices]')];
    const label = (b) => document.querySelector(`label[for="${b.id}"]`).textContent;
    const onUnit = boxes.filter((b) => /Tablet · (\S+) unit, Riverside House/.test(label(b)));
    const unit = label(onUnit[0]).match(/Tablet · (\S+) unit/)[1];
    const same = onUnit.filter((b) => label(b).includes(`Tablet · ${unit} unit`)).slice(0, 2);
    return { unit, ids: same.map((b) => b.id) };
  });
  assert.equal(picked.ids.length, 2, 'two tablets on one unit');
  for (const id of picked.ids) await page.locator(`#${id}`).check();
  assert.equal(await page.locator('#f-services input:checked').count(), 1, 'their home is ticked');
  await page.getByLabel('Short title').fill(`Tablets on ${picked.unit} will not start`);
  await page.getByLabel('Started').fill('2026-11-24T09:10');
  await page.getByLabel('No, not at present').check();
  assert.equal(await overflowsHorizontally(page), false, 'the form fits a phone');
  await page.getByRole('button', { name: 'Declare disruption' }).click();
  await page.getByText('Disruption declared.').waitFor();
  await page.getByText('Devices out of use').waitFor();
  assert.equal(await page.getByText('No systems were named').count(), 0);
  assert.equal(await page.locator('.devices-down li', { hasText: 'now Faulty' }).count(), 2);
  await page.getByText(`${picked.unit} only`).waitFor();
  assert.equal(await overflowsHorizontally(page), false, 'the disruption page fits a phone');
  await page.getByRole('heading', { name: 'Recovery clocks' }).scrollIntoViewIfNeeded();
  await shoot(page, 'disruption-device-failure-phone');
  const id = new URL(page.url()).pathname.split('/')[2];

  // The families and the rounds are the unit's: far fewer than the whole home's.
  await page.goto(`${app.url}/disruptions/${id}/families`);
  const families = await page.locator('li.family').count();
  assert.ok(families > 0, 'someone on the unit has a family to ring');
  await page.goto(`${app.url}/disruptions/${id}/board`);
  const units = await page.locator('section.round h2').allTextContents();
  assert.ok(units.length > 0 && units.every((h) => h.includes(picked.unit)), `rounds of ${picked.unit} only: ${units}`);

  const desk = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(desk, app.url, ADMIN);
  await desk.goto(`${app.url}/disruptions/${id}`);
  await shoot(desk, 'disruption-device-failure-desktop');
  await desk.close();
  await page.close();
});

test('closing with steps open says so first, and a refused time comes back at the top (360 px)', async (t) => {
  if (!browser) return t.skip('Chromium is not installed (apt-get install chromium); .ci/run installs it');
  const page = await browser.newPage({ viewport: { width: 360, height: 800 } });
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.accept(); });
  await signIn(page, app.url, ADMIN);
  await page.goto(`${app.url}/disruptions/new`);
  await page.getByLabel('What has happened').selectOption('power');
  await page.locator('#f-services').getByLabel(/Riverside Home Care/).check();
  await page.getByLabel('Started').fill('2026-11-24T08:00');
  await page.getByLabel('No, not at present').check();
  await page.getByRole('button', { name: 'Declare disruption' }).click();
  await page.getByText('Disruption declared.').waitFor();

  // A tick far down the page comes back to that step, not to the top.
  const second = page.locator('.checklist li').nth(1);
  await second.getByRole('button').click();
  await page.waitForURL(/#step-\d+$/);
  await page.waitForLoadState('load');
  const stepId = new URL(page.url()).hash.slice(1);
  const where = await page.evaluate((id) => {
    const r = document.getElementById(id).getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, height: window.innerHeight, scrolled: window.scrollY };
  }, stepId);
  assert.ok(where.top > 0 && where.bottom <= where.height, `the ticked step is in view: ${JSON.stringify(where)}`);

  await page.locator('#left-open').getByText('Still open:').waitFor();
  assert.match(await page.locator('#left-open').textContent(), /checklist steps not ticked/);
  // A restoration time in the future: refused, shown at the top with the focus on it.
  await page.locator('#f-restored_at').fill('2026-11-24T23:00');
  await page.getByLabel('Note on closing').fill('Power back, fridge checked');
  await page.getByRole('button', { name: 'Close disruption' }).click();
  await page.locator('#error-summary').waitFor();
  assert.match(dialogs.join(' | '), /Still open: .*checklist steps not ticked/, `the confirmation says what is open: ${dialogs}`);
  assert.ok(page.url().includes('shown='), 'a GET after the refused POST');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'error-summary', 'focus on the errors');
  const top = await page.locator('#error-summary').evaluate((e) => e.getBoundingClientRect().top);
  assert.ok(top >= 0 && top < 800, 'the error is in view');
  assert.match(await page.locator('#error-summary').textContent(), /Restored at: is later than now/);
  assert.equal(await page.getByLabel('Note on closing').inputValue(), 'Power back, fridge checked', 'the note is kept');
  await shoot(page, 'disruption-close-refused-phone');

  await page.locator('#f-restored_at').fill('2026-11-24T09:30');
  await page.getByRole('button', { name: 'Close disruption' }).click();
  await page.getByText('Disruption closed.').waitFor();
  // Back goes to a page fetched by GET: nothing offers to send the form again.
  const back = await page.goBack();
  assert.equal(back?.request().method(), 'GET');
  const id = new URL(page.url()).pathname.split('/')[2];
  await page.goto(`${app.url}/disruptions/${id}/report`);
  await page.getByRole('heading', { name: 'Left open at closing' }).waitFor();
  assert.ok(await page.getByText(/Checklist step not ticked:/).count() > 0);
  await page.close();
});

test('a senior carer works the branch day but declares and closes nothing (360 px)', async (t) => {
  if (!browser) return t.skip('Chromium is not installed (apt-get install chromium); .ci/run installs it');
  const admin = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(admin, app.url, ADMIN);
  await admin.goto(`${app.url}/disruptions/new`);
  await admin.getByLabel('What has happened').selectOption('supplier_outage');
  await admin.locator('#f-services').getByLabel(/Riverside Home Care/).check();
  await admin.getByLabel('Started').fill('2026-11-24T09:00');
  await admin.getByLabel('No, not at present').check();
  await admin.getByRole('button', { name: 'Declare disruption' }).click();
  await admin.getByText('Disruption declared.').waitFor();
  const id = new URL(admin.url()).pathname.split('/')[2];
  await admin.close();

  const page = await browser.newPage({ viewport: { width: 360, height: 800 } });
  await signIn(page, app.url, SENIOR);
  await page.goto(`${app.url}/disruptions/${id}`);
  assert.equal(await page.getByRole('button', { name: 'Close disruption' }).count(), 0, 'no close button');
  await page.locator('.checklist li').first().getByRole('button').click();
  await page.waitForURL(/#step-\d+$/);
  assert.equal(await page.locator('.checklist li.done').count(), 1, 'the step is ticked');
  await page.goto(`${app.url}/disruptions/${id}/board`);
  // The tapped card moves out of the overdue list: hold it by its id, not by its place.
  const cardId = await page.locator('li.visit').first().getAttribute('id');
  const card = page.locator(`#${cardId}`);
  await card.getByRole('button', { name: 'Completed' }).click();
  await card.locator('[aria-pressed=true]', { hasText: 'Completed' }).waitFor();
  await page.goto(`${app.url}/disruptions/${id}/families`);
  const line = page.locator('li.family').first();
  await line.getByRole('button', { name: 'Spoke to them' }).click();
  await page.waitForURL(/#contact-\d+$/);
  await page.locator('li.family.done').first().waitFor();
  // Declaring is for coordinators and managers: no link, and the page says so in words.
  await page.goto(`${app.url}/disruptions`);
  assert.equal(await page.getByRole('link', { name: 'Declare a disruption' }).count(), 0);
  await page.close();
});
