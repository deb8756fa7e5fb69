// An administrator looks after a colleague's account from the users page, on a phone and on a
// desktop: adds them as care staff of one service (Lantern makes the password, shown once),
// and the colleague, in a browser of their own, sees only that service; then changes their
// role and services, resets their password (the old one stops working, the new one works),
// signs them out everywhere (their browser is signed out on its next page), and lets them in
// again after the sign-in throttle held them back.
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

const BIRCH = 'Riverside Supported Living — Birch Court';
const HOUSE = 'Riverside House';

async function fits(page, width, what) {
  if (width <= 400) assert.equal(await overflowsHorizontally(page), false, `${what} fits a ${width} px phone`);
}

/** The names of the services a signed-in page lists at /services. */
async function servicesSeen(page) {
  await page.goto(`${app.url}/services`);
  return page.locator('table.records th[scope=row] a').allTextContents();
}

/** Tries to sign in; answers the message shown when it did not work, or null when it did. */
async function trySignIn(page, email, password) {
  await page.goto(`${app.url}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForLoadState();
  if (new URL(page.url()).pathname === '/') return null;
  return (await page.locator('.error, [role=alert]').first().textContent()).trim();
}

for (const [label, width] of [['360 px', 360], ['desktop', 1280]]) {
  test(`an administrator manages a user from the users page (${label})`, async (t) => {
    if (!browser) return t.skip('Chromium is not installed (apt-get install chromium); .ci/run installs it');
    const viewport = { width, height: 800 };
    const email = `sam.okoro.${width}@riverside-care.example`;
    const admin = await browser.newPage({ viewport });
    admin.on('dialog', (d) => d.accept());
    await signIn(admin, app.url);
    await openMenu(admin);
    await admin.getByRole('link', { name: 'Users', exact: true }).click();
    await admin.getByRole('heading', { name: 'Users' }).waitFor();
    await fits(admin, width, 'the users list');

    // Added as care staff of one service; Lantern makes the password and shows it once.
    await admin.getByRole('link', { name: 'Add a user' }).click();
    await admin.getByLabel('Email').fill(email);
    await admin.getByLabel('Name (required)').fill(`Sam Okoro ${width}`);
    await admin.getByLabel('Role').selectOption('staff');
    await admin.getByLabel(BIRCH).check();
    await fits(admin, width, 'the add-user form');
    await admin.getByRole('button', { name: 'Add user' }).click();
    await admin.getByText('shown only this once').waitFor();
    const first = (await admin.locator('.secret code').textContent()).trim();
    assert.match(first, /^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    await fits(admin, width, 'the new password');
    const userPage = `${app.url}/users/${await admin.evaluate(() => document.querySelector('form[action$="/password"]').getAttribute('action').split('/')[2])}`;

    // The colleague, in a browser of their own, sees only their service.
    const context = await browser.newContext({ viewport });
    const sam = await context.newPage();
    await signIn(sam, app.url, { email, password: first });
    assert.deepEqual(await servicesSeen(sam), [BIRCH]);

    // A coordinator of Birch Court and Riverside House: their next page says so.
    await admin.goto(userPage);
    await admin.getByRole('link', { name: 'Change role or services' }).click();
    await admin.getByLabel('Role').selectOption('coordinator');
    await admin.getByLabel(HOUSE, { exact: true }).check();
    await admin.getByRole('button', { name: 'Save changes' }).click();
    await admin.locator('.notice', { hasText: 'Saved.' }).waitFor();
    assert.ok((await admin.locator('dl').textContent()).includes('Coordinator'));
    assert.deepEqual((await servicesSeen(sam)).sort(), [BIRCH, HOUSE].sort());
    assert.ok((await sam.locator('.who').textContent()).includes('Coordinator'));

    // A new password: Sam is signed out, the old password no longer works, the new one does.
    const second = `new password for ${width} px`;
    await admin.getByLabel('New password (optional)').fill(second);
    await admin.getByRole('button', { name: 'Reset password' }).click();
    await admin.locator('.notice', { hasText: 'Password reset.' }).waitFor();
    await sam.goto(`${app.url}/services`);
    assert.equal(new URL(sam.url()).pathname, '/login', 'signed out by the reset');
    assert.match(await trySignIn(sam, email, first), /not right/);
    assert.equal(await trySignIn(sam, email, second), null, 'the new password works');

    // Signed out everywhere: Sam's browser is signed out on its next page.
    await admin.getByRole('button', { name: 'Sign out everywhere' }).click();
    await admin.locator('.notice', { hasText: 'Signed out everywhere' }).waitFor();
    await sam.goto(`${app.url}/services`);
    assert.equal(new URL(sam.url()).pathname, '/login', 'signed out on the next request');

    // Five mistyped passwords and the sign-in throttle holds Sam back, right password or not…
    for (let i = 0; i < 5; i += 1) assert.match(await trySignIn(sam, email, `wrong guess ${i}`), /not right/);
    assert.match(await trySignIn(sam, email, second), /Too many sign-in attempts/);
    // …until the administrator lets them in.
    await admin.goto(userPage);
    await admin.getByText('5 failed sign-ins in the last day').waitFor();
    await fits(admin, width, 'the user page');
    await admin.getByRole('button', { name: 'Let them sign in now' }).click();
    await admin.locator('.notice', { hasText: 'they can sign in now' }).waitFor();
    assert.equal(await trySignIn(sam, email, second), null, 'in at once');

    // All of it is in the audit log, under the administrator's name.
    await admin.goto(`${app.url}/audit`);
    const log = await admin.locator('table.records').textContent();
    for (const words of [`Added Sam Okoro ${width}`, `Changed Sam Okoro ${width}`, `Reset the password of Sam Okoro ${width}`,
      `Signed Sam Okoro ${width}`, `Cleared 5 failed sign-ins of Sam Okoro ${width}`]) {
      assert.ok(log.includes(words), `${words} is in the audit log`);
    }
    assert.ok(!log.includes(first) && !log.includes(second), 'no password in the audit log');
    await context.close();
    await admin.close();
  });
}
