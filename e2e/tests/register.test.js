// A manager's round trip in a real browser, at desktop width and on a 360 px phone: sign in,
// edit a person's medicine, see the change, sign out, and be refused the page afterwards.
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

for (const [label, width] of [['desktop', 1280], ['phone', 360]]) {
  test(`edit a medicine, see it, sign out, be refused (${label})`, async (t) => {
    if (!browser) return t.skip('Chromium is not installed (apt-get install chromium); .ci/run installs it');
    const page = await browser.newPage({ viewport: { width, height: 800 } });
    await signIn(page, app.url);
    assert.equal(await overflowsHorizontally(page), false, 'home page fits the screen');

    await openMenu(page);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'People' }).click();
    await page.getByLabel('Search').fill('Thomas');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByRole('link', { name: /Thomas/ }).first().click();
    const personUrl = page.url();
    assert.match(personUrl, /\/people\/\d+$/);
    assert.equal(await overflowsHorizontally(page), false, 'person page fits the screen');

    const medicines = page.locator('section.table-block', { has: page.getByRole('heading', { name: 'Medicines' }) });
    await medicines.locator('a').filter({ hasNotText: 'Add medicine' }).first().click();
    await page.getByRole('link', { name: 'Edit' }).click();
    const newDose = `${width === 360 ? 3 : 2} tablets (changed in e2e)`;
    await page.locator('#f-dose').fill(newDose);
    await page.getByRole('button', { name: 'Save changes' }).click();

    // Saving a medicine returns to its person, with the change in the medicines list.
    await page.waitForURL(/\/people\/\d+\?saved=1$/);
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    assert.ok(await medicines.getByText(newDose).isVisible(), 'the new dose is listed');

    await openMenu(page);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/login\?signed_out=1$/);
    await page.goto(personUrl);
    assert.match(page.url(), /\/login$/, 'after signing out the page sends you to sign in');
    assert.equal(await page.getByText(newDose).count(), 0);
    await page.close();
  });
}

test('a wrong NHS number and an empty name come back beside their fields, input kept', async (t) => {
  if (!browser) return t.skip('Chromium is not installed (apt-get install chromium); .ci/run installs it');
  const page = await browser.newPage({ viewport: { width: 360, height: 800 } });
  await signIn(page, app.url);
  await page.goto(`${app.url}/people`);
  const before = await page.getByRole('status').textContent();
  await page.goto(`${app.url}/people/new`);
  await page.getByLabel('Service').selectOption({ index: 1 });
  await page.getByLabel('Date of birth').fill('1948-03-02');
  await page.getByLabel('NHS number').fill('943 476 5918');
  await page.getByLabel('Risk tier').selectOption('high');
  await page.getByLabel('Communication profile').fill('Speaks Welsh first; use short sentences.');
  await page.getByRole('button', { name: 'Add person supported' }).click();

  const summary = page.getByRole('alert');
  await summary.waitFor();
  assert.match(await summary.textContent(), /NHS number: .*check digit/);
  assert.match(await page.locator('#e-nhs_number').textContent(), /check digit/);
  assert.match(await page.locator('#e-full_name').textContent(), /Enter the full name/);
  assert.equal(await page.getByLabel('NHS number').inputValue(), '943 476 5918', 'typed value kept');
  assert.equal(await page.getByLabel('Communication profile').inputValue(), 'Speaks Welsh first; use short sentences.');
  assert.equal(await overflowsHorizontally(page), false);

  await page.goto(`${app.url}/people`);
  assert.equal(await page.getByRole('status').textContent(), before, 'nothing was added');
  await page.close();
});
