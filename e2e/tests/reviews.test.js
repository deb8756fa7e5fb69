// A post-incident review on a phone, as the home-care branch's manager after the phishing
// incident: from the closed disruption to its review, by keyboard; a refused completion keeps
// what was typed; completed, the disruption no longer awaits review. Keeps screenshots of the
// review (360 px and desktop).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startLantern, launchBrowser, signIn, overflowsHorizontally, lanternBinary, ADMIN } from '../lib/harness.js';

let app;
let browser;
let token;

before(async () => {
  browser = await launchBrowser();
  if (!browser) return;
  app = await startLantern(['--clock-from', '2026-11-24T09:40']);
  token = execFileSync(lanternBinary(), ['token', 'create', '--user', ADMIN.email, '--label', 'review test', '--data', app.data],
    { env: { ...process.env, LANTERN_LOG: 'warn' } }).toString().trim().split(/\s+/).pop();
});

after(async () => {
  await browser?.close();
  await app?.stop();
});

async function api(method, path, body) {
  const res = await fetch(`${app.url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body && JSON.stringify(body),
  });
  const json = await res.json();
  assert.ok(res.ok, `${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

test('a post-incident review written on a 360 px phone, by keyboard', async (t) => {
  if (!browser) return t.skip('Chromium is not installed (apt-get install chromium); .ci/run installs it');
  const services = (await api('GET', '/services?limit=100')).items;
  const branch = services.find((s) => s.service_type === 'home_care');
  const d = await api('POST', '/disruptions', {
    kind: 'cyber_incident', title: 'Phishing: e-mail isolated', services: [branch.id],
    started_at: '2026-11-24T07:30', coordinator: 'Tom Evans', safe_care: 'not_threatened',
  });
  await api('POST', `/disruptions/${d.id}/timeline`, { kind: 'note', text: 'Emergency contact sheet: two numbers out of date' });
  await api('POST', `/disruptions/${d.id}/close`, { restored_at: '2026-11-24T08:45', note: 'Accounts cleared' });

  const page = await browser.newPage({ viewport: { width: 360, height: 800 } });
  await signIn(page, app.url);
  await page.goto(`${app.url}/disruptions/${d.id}`);
  await page.getByRole('link', { name: 'Awaiting its post-incident review' }).click();
  await page.getByRole('heading', { name: /Review: Phishing/ }).waitFor();
  assert.match(await page.inputValue('#f-what_happened'), /two numbers out of date/, 'drafted from the timeline');

  // Typed by keyboard; completing without lessons is refused and nothing typed is lost.
  await page.locator('#f-went_well').focus();
  await page.keyboard.type('Families of high-risk people rung within the hour');
  await page.keyboard.press('Tab');
  await page.keyboard.type('The emergency contact sheet was out of date');
  await page.getByRole('button', { name: 'Complete the review' }).click();
  await page.locator('#error-summary').waitFor();
  assert.equal(await page.inputValue('#f-went_well'), 'Families of high-risk people rung within the hour');
  assert.equal(await page.inputValue('#f-weaknesses'), 'The emergency contact sheet was out of date');
  await page.getByRole('link', { name: /lessons learned/ }).click();
  await page.locator('#f-lessons').focus();
  await page.keyboard.type('Check the printed pack every month; add a cyber downtime drill');
  assert.equal(await overflowsHorizontally(page), false, 'the review fits the phone');
  await page.getByRole('button', { name: 'Complete the review' }).click();
  await page.getByText('The review is complete.').waitFor();
  assert.match(await page.locator('main').textContent(), /Completed by/);
  await page.screenshot({ path: '../docs/incident-review-phone.png', fullPage: true });
  // The complete review leads on to the governance log, its entry about this disruption.
  await page.getByRole('button', { name: 'Save the review' }).waitFor();
  await page.getByRole('link', { name: 'Log the lessons' }).click();
  await page.waitForURL(new RegExp(`/governance\\?about_kind=disruption&about_id=${d.id}$`));

  await page.goto(`${app.url}/disruptions`);
  assert.equal(await page.getByRole('link', { name: 'Awaiting review' }).count(), 0, 'no longer awaiting review');

  const desk = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(desk, app.url);
  await desk.goto(`${app.url}/disruptions/${d.id}/review`);
  await desk.screenshot({ path: '../docs/incident-review-desktop.png', fullPage: true });
  await desk.close();
  await page.close();
});
