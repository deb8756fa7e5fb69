// The seed's second story in a browser on a phone: a branch builds its pack, someone edits an
// emergency contact, and the pack page says the pack is stale and exactly why; a check of the
// printed pack is recorded.
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

test('editing a contact turns the pack stale with the reason shown (360 px)', async (t) => {
  if (!browser) return t.skip('Chromium is not installed (apt-get install chromium); .ci/run installs it');
  const page = await browser.newPage({ viewport: { width: 360, height: 800 } });
  await signIn(page, app.url);
  await openMenu(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Packs' }).click();
  await page.getByRole('link', { name: /Birch Court/ }).click();
  await page.getByRole('button', { name: 'Build pack' }).click();
  await page.getByText('Built version 1.').waitFor();
  await page.getByText('✔ Up to date.').waitFor();
  assert.equal(await overflowsHorizontally(page), false, 'pack page fits the phone');
  const packUrl = page.url().replace(/\?.*$/, '');

  // Someone changes an emergency contact's phone number.
  await page.getByRole('link', { name: /Riverside Supported Living — Birch Court/ }).first().click();
  await page.locator('table.records a[href^="/people/"]').first().click();
  const person = (await page.locator('h1').textContent()).trim();
  const contacts = page.locator('section.table-block', { has: page.getByRole('heading', { name: 'Emergency contacts' }) });
  await contacts.locator('a[href^="/contacts/"]:not([href*="/new"])').first().click();
  const contact = (await page.locator('h1').textContent()).trim();
  await page.getByRole('link', { name: 'Edit' }).click();
  await page.locator('#f-phone').fill('07700 900999');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.waitForURL(/saved=1/);

  await page.goto(packUrl);
  const stale = page.getByRole('alert');
  await stale.waitFor();
  const text = await stale.textContent();
  assert.match(text, /This pack is stale/);
  assert.ok(text.includes(`Emergency contact ${contact} for ${person} changed on`), text);
  assert.ok(text.includes('by Demo Administrator'), text);

  await page.getByLabel('Problems found').fill('Old contact sheet replaced with version 1');
  await page.getByRole('button', { name: 'Record check' }).click();
  await page.getByText('Check recorded.').waitFor();
  assert.ok(await page.getByText('Old contact sheet replaced with version 1').isVisible());
  await page.close();
});
