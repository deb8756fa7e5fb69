// Accessibility: axe-core on every main page, at desktop width (1280) and on a phone (360).
// Any serious or critical violation fails, printed as page, rule, what to fix and where.
// The demo runs at 09:40 on 24 Nov 2026 with two disruptions made through the API: one open
// at the home-care branch (board, families, one family reached) and one closed at a
// supported-living service and the branch (paper records, reconciliation, report).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { startLantern, launchBrowser, signIn, lanternBinary, ADMIN } from '../lib/harness.js';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const WIDTHS = [['desktop', 1280, 900], ['phone', 360, 780]];

let app;
let browser;
let token;

before(async () => {
  browser = await launchBrowser();
  if (!browser) return;
  app = await startLantern(['--clock-from', '2026-11-24T09:40']);
  token = execFileSync(lanternBinary(), ['token', 'create', '--user', ADMIN.email, '--label', 'axe test', '--data', app.data],
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

/** The demo's services and systems by what they are, and the disruptions the pages need. */
async function makeData() {
  const services = (await api('GET', '/services?limit=100')).items;
  const systems = (await api('GET', '/systems?limit=100')).items;
  const branch = services.find((s) => s.service_type === 'home_care');
  const living = services.find((s) => s.service_type === 'supported_living');
  const open = await api('POST', '/disruptions', {
    kind: 'cyber_incident', title: 'Phishing: e-mail isolated', systems: [systems[0].id], services: [branch.id],
    started_at: '2026-11-24T08:15', coordinator: 'Tom Evans', safe_care: 'threatened',
  });
  // One family reached: its line is shown as done (it once failed colour contrast).
  const [first] = (await api('GET', `/disruptions/${open.id}/families`)).items;
  await api('POST', `/disruptions/${open.id}/families/${first.contact.contact_id}/calls`, { outcome: 'spoke', note: 'Told' });
  const closed = await api('POST', '/disruptions', {
    kind: 'supplier_outage', title: 'CarePlan Cloud down', systems: systems.slice(0, 2).map((s) => s.id),
    services: [living.id, branch.id], started_at: '2026-11-24T06:00', coordinator: 'Priya Shah', safe_care: 'not_threatened',
  });
  await api('POST', `/disruptions/${closed.id}/close`, { restored_at: '2026-11-24T09:00', note: 'Restored' });
  const person = (await api('GET', `/people?service=${living.id}&limit=1`)).items[0];
  const course = (await api('GET', '/courses?limit=1')).items[0];
  const drill = (await api('GET', '/drills?limit=1')).items[0];
  const governance = (await api('GET', '/governance')).entries[0];
  return {
    open: open.id, closed: closed.id, person: person.id, service: living.id, system: systems[0].id,
    branch: branch.id, course: course.id, supplier: systems[0].supplier_id, drill: drill.id,
    governance: governance.id,
  };
}

/** Runs axe on the page as it stands; answers its serious and critical violations, readably. */
async function violations(page, label) {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 4).map((n) => `${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`),
      count: v.nodes.length,
    }));
  });
  return result
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${label}: [${v.impact}] ${v.id}: ${v.help} (${v.count} element${v.count === 1 ? '' : 's'})\n    ${v.nodes.join('\n    ')}`);
}

test('axe finds no serious or critical violation on the main pages, desktop and phone', async (t) => {
  if (!browser) return t.skip('Chromium is not installed (apt-get install chromium); .ci/run installs it');
  const d = await makeData();
  const found = [];
  let checked = 0;
  for (const [name, width, height] of WIDTHS) {
    // Signed out: the sign-in page.
    // bypassCSP: axe is injected as an inline script, which the site's policy rightly refuses.
    const context = await browser.newContext({ viewport: { width, height }, locale: 'en-GB', bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${app.url}/login`);
    found.push(...await violations(page, `${name} /login`));
    await signIn(page, app.url);

    // The sheets to enter are listed on the closed disruption's entry page.
    await page.goto(`${app.url}/disruptions/${d.closed}/entry`);
    const sheets = await page.locator('a[href*="/entry/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    const mar = sheets.find((h) => h.includes('/entry/mar/'));
    const visits = sheets.find((h) => h.includes('/entry/visits/'));
    assert.ok(mar && visits, `a MAR and a visit sheet to enter: ${sheets.join(', ')}`);

    const slugs = (await page.evaluate(() => [...document.querySelectorAll('nav[aria-label="Main"] a')].map((a) => a.getAttribute('href'))))
      .filter((h) => !['/', '/disruptions', '/packs', '/import', '/audit'].includes(h));
    const paths = [
      '/', ...slugs, `/people/${d.person}`, `/people/${d.person}/edit`, '/people/new', '/import',
      '/packs', `/packs/${d.service}`, '/disruptions', '/disruptions/new', `/disruptions/${d.open}`,
      `/disruptions/${d.open}/board`, `/disruptions/${d.open}/families`, `/disruptions/${d.closed}`,
      `/disruptions/${d.closed}/entry`, mar, visits, `/disruptions/${d.closed}/reconciliation`,
      `/disruptions/${d.closed}/report`, '/scenarios', '/audit', '/no-such-page', '/people/abc',
      `/what-if?systems=${d.system}&start=2026-11-24T09:00&hours=4`,
      '/units', '/risks/heat-map?basis=inherent&l=4&i=4', `/disruptions/${d.closed}/risks`,
      `/training?service=${d.branch}`, `/training/${d.branch}/${d.course}`, '/settings/assurance',
      `/suppliers/${d.supplier}/assurance`,
      `/drills/${d.drill}`, '/drills/due', `/drills/${d.drill}/risks`, `/disruptions/${d.closed}/review`, `/drills/${d.drill}/review`,
      `/governance/${d.governance}`,
    ];
    // A unit page and a device's log, reached as a user would: from the units list.
    await page.goto(`${app.url}/units`);
    const unit = await page.locator('.unit-card h2 a').first().getAttribute('href');
    await page.goto(app.url + unit);
    const log = await page.locator('a[href$="/log"]').first().getAttribute('href');
    await page.goto(`${app.url}/risks`);
    const risk = await page.locator('a[href^="/risks/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')).find((h) => /^\/risks\/\d+$/.test(h)));
    paths.push(unit, log, `${risk}/reviews`);
    for (const path of paths) {
      const res = await page.goto(app.url + path);
      const error = path === '/no-such-page' || path === '/people/abc';
      assert.equal(res.status() >= 400, error, `${path} answered ${res.status()}`);
      found.push(...await violations(page, `${name} ${path}`));
    }
    checked += paths.length + 1;
    await context.close();
  }
  assert.ok(checked >= 60, `pages checked: ${checked}`);
  assert.equal(found.length, 0, `axe found serious or critical violations:\n${found.join('\n')}`);
});
