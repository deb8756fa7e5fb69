// The seed's third story in the browser, on a phone: the residential home's Ash unit has two
// of its three tablets out since the weekend and no spare, so it is red with its reasons; the
// quality lead repairs one, retires the other for a new tablet, adds a spare and records the
// tests, and the unit turns green with the month's device downtime still shown.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startLantern, launchBrowser, signIn, overflowsHorizontally } from '../lib/harness.js';

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

const state = (page) => page.locator('#unit-state').textContent();

async function addTablet(page, tag, status) {
  await page.goto(app.url + '/devices/new');
  await page.locator('#f-asset_tag').fill(tag);
  await page.locator('#f-device_type').selectOption('tablet');
  await page.locator('#f-service_id').selectOption({ label: 'Riverside House' });
  await page.locator('#f-unit').fill('Ash');
  await page.locator('#f-status').selectOption(status);
  await page.locator('#f-purchase_date').fill('2026-11-30');
  await page.locator('#f-os_supported').check();
  await page.getByRole('button', { name: /Save|Add/ }).first().click();
  await page.getByRole('heading', { name: new RegExp(tag) }).waitFor();
  const id = page.url().match(/devices\/(\d+)/)[1];
  return id;
}

async function recordTest(page, id) {
  await page.goto(`${app.url}/devices/${id}/log`);
  await page.getByLabel('Pass').check();
  await page.getByLabel('Battery health (%)').fill('97');
  await page.getByRole('button', { name: 'Record the check' }).click();
  await page.getByText('The check is recorded.').waitFor();
}

test('two failed tablets turn the unit red, and repairs, a spare and tests turn it green (360 px)', async (t) => {
  if (!browser) return t.skip('Chromium is not installed (apt-get install chromium); .ci/run installs it');
  const page = await browser.newPage({ viewport: { width: 360, height: 800 } });
  await signIn(page, app.url);
  await page.goto(app.url + '/units');
  await page.getByRole('link', { name: 'Ash', exact: true }).first().click();
  await page.getByRole('heading', { name: 'Ash unit — devices' }).waitFor();
  const red = await state(page);
  assert.match(red, /Not enough devices/);
  assert.match(red, /2 of 3 tablets faulty; policy needs 3 in use \+ 1 spare/);
  assert.match(red, /No spare tablet/);
  assert.equal(await overflowsHorizontally(page), false, 'the unit page fits the phone');
  await page.screenshot({ path: '../docs/unit-devices-red-phone.png', fullPage: true });
  const unitUrl = page.url();

  // The two faulty tablets: one repaired, one retired for a new one.
  const faulty = await page.locator('tr', { hasText: 'Faulty' }).getByRole('link', { name: /Tests and faults/ }).evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.equal(faulty.length, 2);
  for (const [i, href] of faulty.entries()) {
    await page.goto(app.url + href);
    await page.getByLabel(i === 0 ? 'Back in use on the unit' : 'Retired: it has been replaced').check();
    await page.getByLabel('What was done').fill(i === 0 ? 'New battery fitted' : 'Beyond repair');
    await page.getByRole('button', { name: 'It is back' }).click();
    await page.getByText('The device is back').waitFor();
  }
  const replacement = await addTablet(page, 'RCG-TAB-0990', 'in_use');
  const spare = await addTablet(page, 'RCG-TAB-0991', 'spare');
  for (const id of [faulty[0].match(/\d+/)[0], replacement, spare]) await recordTest(page, id);

  await page.goto(unitUrl);
  const green = await state(page);
  assert.match(green, /Ready/);
  assert.match(green, /3 in use of 3 needed · 1 spare of 1 · 0 faulty/);
  assert.match(await page.locator('.downtime').textContent(), /\d+ (h|days)/, 'the month keeps its downtime');
  await page.screenshot({ path: '../docs/unit-devices-green-phone.png', fullPage: true });
  const desk = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(desk, app.url);
  await desk.goto(unitUrl);
  await desk.screenshot({ path: '../docs/unit-devices-desktop.png', fullPage: true });
  await desk.goto(app.url + '/risks/heat-map?basis=residual&l=2&i=4');
  await desk.screenshot({ path: '../docs/risk-heat-map-desktop.png', fullPage: true });
  await page.goto(app.url + '/risks/heat-map?basis=residual&l=2&i=4');
  assert.equal(await overflowsHorizontally(page), false, 'the heat map fits the phone');
  await page.screenshot({ path: '../docs/risk-heat-map-phone.png', fullPage: true });
  await desk.close();
  await page.close();
});

test('a refused check keeps what was typed and names the box', async (t) => {
  if (!browser) return t.skip('Chromium is not installed (apt-get install chromium); .ci/run installs it');
  const page = await browser.newPage({ viewport: { width: 360, height: 800 } });
  await signIn(page, app.url);
  await page.goto(app.url + '/units');
  await page.getByRole('link', { name: 'Beech', exact: true }).first().click();
  await page.getByRole('link', { name: /Tests and faults/ }).first().click();
  await page.getByLabel('Check', { exact: true }).selectOption('battery');
  await page.getByLabel('Battery health (%)').fill('140');
  await page.getByLabel('Note').fill('Swollen case: taken off the unit');
  await page.getByRole('button', { name: 'Record the check' }).click();
  await page.getByRole('alert').waitFor();
  assert.match(await page.getByRole('alert').textContent(), /percentage from 0 to 100/);
  assert.equal(await page.getByLabel('Note').inputValue(), 'Swollen case: taken off the unit');
  assert.equal(await page.getByLabel('Battery health (%)').getAttribute('aria-invalid'), 'true');
  await page.close();
});
