// The outage day on a phone (issue [8]): two coordinators work the same live board from two
// browsers and each sees the other's taps within the refresh interval, with the tally and the
// section totals exact after every tap; what one of them is typing survives the refresh; a
// 250-visit board is filtered by carer; the visit sheet starts from what the board learnt.
// Set LANTERN_SHOTS=DIR to keep screenshots.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startLantern, launchBrowser, signIn, overflowsHorizontally, COORDINATOR } from '../lib/harness.js';

const MANAGER = { email: 'manager@riverside-care.example', password: 'lantern-demo' };
const PHONE = { width: 360, height: 800 };
const REFRESH_MS = 5000;
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

/** A screenshot from `from` (a selector) at the top of the screen. */
async function shoot(page, name, from) {
  if (!shots) return;
  await page.evaluate((sel) => {
    const el = document.querySelector(sel);
    window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 8);
  }, from);
  await page.screenshot({ path: `${shots}/${name}.png` });
}

/** Declares a cyber incident at the branch from `started` (London); the board's URL. */
async function declare(page, started) {
  await page.goto(`${app.url}/disruptions/new`);
  await page.getByLabel('What has happened').selectOption('cyber_incident');
  await page.getByLabel('Short title').fill('Phishing: rota and call monitoring isolated');
  await page.getByLabel(/OfficeMail e-mail/).check();
  for (const box of await page.locator('#f-services input[type=checkbox]').all()) {
    const label = await page.locator(`label[for="${await box.getAttribute('id')}"]`).textContent();
    if (label.includes('Northgate')) await box.check();
    else await box.uncheck();
  }
  await page.getByLabel('Started').fill(started);
  await page.getByLabel('Yes: it stops or threatens safe care').check();
  await page.getByRole('button', { name: 'Declare disruption' }).click();
  await page.getByText('Disruption declared.').waitFor();
  const url = page.url().replace(/\?.*$/, '');
  return { url, board: `${url}/board` };
}

/** Every figure on the board against the cards themselves. */
async function figures(page) {
  return page.evaluate(() => {
    const live = document.getElementById('board-live');
    const tally = {};
    for (const li of live.querySelectorAll('.tally li')) {
      tally[li.textContent.replace(/^\s*\d+\s*/, '').trim()] = Number(li.querySelector('strong').textContent);
    }
    const cards = [...live.querySelectorAll('li.visit')];
    const byStatus = (s) => cards.filter((c) => c.dataset.status === s).length;
    const groups = [...live.querySelectorAll('.board-group')].map((g) => ({
      said: Number(g.querySelector('h2 .group-count').textContent.replace(/\D/g, '')),
      cards: g.querySelectorAll('li.visit').length,
      overdue: g.classList.contains('board-overdue'),
    }));
    return {
      tally,
      cards: cards.length,
      counted: {
        'not started': byStatus('not_started'),
        confirmed: byStatus('confirmed'),
        late: byStatus('late'),
        'delayed, family told': byStatus('delayed_family_told'),
        completed: byStatus('completed'),
        missed: byStatus('missed'),
        cancelled: byStatus('cancelled'),
        overdue: groups.filter((g) => g.overdue).reduce((n, g) => n + g.cards, 0),
      },
      groups,
      alerts: document.querySelectorAll('#board-live [role=alert]').length,
      liveRegions: document.querySelectorAll('[aria-live]').length,
    };
  });
}

async function exact(page, what) {
  const f = await figures(page);
  for (const [label, n] of Object.entries(f.counted)) assert.equal(f.tally[label], n, `${what}: tally "${label}"`);
  for (const g of f.groups) assert.equal(g.said, g.cards, `${what}: a section total`);
  assert.equal(f.alerts, 0, 'no alert per card');
  assert.equal(f.liveRegions, 1, 'one live region');
  return f;
}

const status = (page, id) => page.locator(`#${id}`).getAttribute('data-status');

/** Waits until `check` holds, polling; how long it took. */
async function within(ms, check, what) {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > ms) assert.fail(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return Date.now() - start;
}

test('two coordinators see each other within the refresh interval; every figure exact after each tap (360 px)', async (t) => {
  if (!browser) return t.skip('Chromium is not installed (apt-get install chromium); .ci/run installs it');
  const one = await (await browser.newContext({ viewport: PHONE, locale: 'en-GB' })).newPage();
  const two = await (await browser.newContext({ viewport: PHONE, locale: 'en-GB' })).newPage();
  await signIn(one, app.url, COORDINATOR);
  await signIn(two, app.url, MANAGER);
  const d = await declare(one, '2026-11-24T09:15');
  await one.goto(d.board);
  await two.goto(d.board);
  assert.equal(await overflowsHorizontally(one), false, 'the board fits a 360 px phone');
  await exact(one, 'at first');

  // One taps Confirmed: the tally and both section totals follow at once, without a reload.
  const firstId = await one.locator('.board-overdue li.visit').first().getAttribute('id');
  const first = one.locator(`#${firstId}`);
  const before = await figures(one);
  await first.getByRole('button', { name: 'Confirmed' }).click();
  await one.locator(`.board-underway #${firstId}`).waitFor();
  let f = await exact(one, 'after Confirmed');
  assert.equal(f.tally.overdue, before.tally.overdue - 1);
  assert.equal(f.tally.confirmed, before.tally.confirmed + 1);
  const news = await one.locator('#board-news').textContent();
  assert.match(news, /visits? overdue; .+'s visit marked Confirmed by phone/);

  // The other sees it within the refresh interval, figures exact.
  const seen = await within(REFRESH_MS + 3000, async () => (await status(two, firstId)) === 'confirmed', 'the other coordinator sees Confirmed');
  t.diagnostic(`seen by the other coordinator after ${seen} ms`);
  await exact(two, 'the other board after refreshing');
  await within(2000, async () => /marked Confirmed by phone/.test(await two.locator('#board-news').textContent()), 'announced once');

  // The second coordinator is typing why a visit was missed, half-way down the board, when
  // the first one's next tap arrives: the text, the focus and the scroll position stay.
  const typingId = await two.locator('.board-overdue li.visit').nth(2).getAttribute('id');
  const typing = two.locator(`#${typingId}`);
  await typing.getByText('Missed…').click();
  await typing.getByLabel('Why was it missed?').fill('Carer rang: car broken');
  const where = () => two.evaluate((id) => document.getElementById(id).getBoundingClientRect().top, typingId);
  const scrolled = await where();
  const otherId = await one.locator('.board-overdue li.visit').first().getAttribute('id');
  const other = one.locator(`#${otherId}`);
  assert.notEqual(otherId, typingId);
  await other.getByRole('button', { name: 'Completed' }).click();
  await one.locator(`.board-done #${otherId}`).waitFor();
  await exact(one, 'after Completed');
  await within(REFRESH_MS + 3000, async () => (await status(two, otherId)) === 'completed', 'the other sees Completed');
  assert.equal(await two.locator(`#${typingId}`).getByLabel('Why was it missed?').inputValue(), 'Carer rang: car broken', 'the half-typed reason is kept');
  assert.equal(await two.evaluate(() => document.activeElement?.name), 'reason', 'and the focus');
  const moved = (await where()) - scrolled;
  assert.ok(Math.abs(moved) < 4, `and the card stays where it was on the screen (moved ${moved} px)`);
  await exact(two, 'the other board with a card kept');

  // Missed without the confirmation: refused, nothing changes, the reason is kept.
  const card = two.locator(`#${typingId}`);
  await card.getByRole('button', { name: 'Mark missed' }).click();
  await two.locator(`#${typingId} .error`, { hasText: 'Nothing was changed' }).waitFor();
  assert.equal(await status(two, typingId), 'not_started');
  assert.equal(await two.locator(`#${typingId}`).getByLabel('Why was it missed?').inputValue(), 'Carer rang: car broken');
  await two.locator(`#${typingId}`).getByLabel(/did not happen/).check();
  await two.locator(`#${typingId}`).getByRole('button', { name: 'Mark missed' }).click();
  await two.locator(`.board-missed_to_tell #${typingId}`).waitFor();
  f = await exact(two, 'after Missed');
  await within(REFRESH_MS + 3000, async () => (await status(one, typingId)) === 'missed', 'the first sees Missed');
  await exact(one, 'the first board after Missed');

  // Late with the time the carer gave: watched, with the numbers to ring as tel: links.
  const lateId = await one.locator('.board-overdue li.visit').first().getAttribute('id');
  const late = one.locator(`#${lateId}`);
  await late.getByText('Late…').click();
  await late.getByLabel('The carer now expects to arrive at').fill('10:30');
  await late.getByRole('button', { name: 'Mark late' }).click();
  await one.locator(`.board-watching #${lateId} .badge`, { hasText: 'Late: expected 10:30' }).waitFor();
  const tel = await one.locator(`#${lateId} .ring a[href^="tel:"]`).count();
  assert.ok(tel >= 2, `the carer's and the person's numbers: ${tel}`);
  await exact(one, 'after Late');
  await shoot(one, 'disruption-board-phone', '.tally');
  await one.context().close();
  await two.context().close();

  if (shots) {
    const desk = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' })).newPage();
    await signIn(desk, app.url, COORDINATOR);
    await desk.goto(d.board);
    await desk.screenshot({ path: `${shots}/disruption-board-desktop.png` });
    await desk.context().close();
  }
});

test('a 250-visit board: filtered by carer, searched by name, cards not hidden under the sticky heading (360 px)', async (t) => {
  if (!browser) return t.skip('Chromium is not installed (apt-get install chromium); .ci/run installs it');
  const page = await (await browser.newContext({ viewport: PHONE, locale: 'en-GB' })).newPage();
  await signIn(page, app.url, COORDINATOR);
  // From 06:00: every visit of the branch's day is in the window.
  const d = await declare(page, '2026-11-24T06:00');
  await page.goto(d.board);
  const all = await exact(page, 'the whole board');
  assert.ok(all.cards >= 250, `a 250-visit board: ${all.cards}`);
  const tall = await page.evaluate(() => document.documentElement.scrollHeight);
  t.diagnostic(`${all.cards} visits; the page is ${tall} px tall with the quiet groups folded`);

  // By carer: only theirs, said as "Showing N of M".
  const carer = await page.locator('#board-carer option').nth(1);
  const name = (await carer.textContent()).trim();
  await page.locator('#board-carer').selectOption(await carer.getAttribute('value'));
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await page.waitForURL(/carer=\d+/);
  const f = await exact(page, 'filtered by carer');
  assert.ok(f.cards > 0 && f.cards < all.cards);
  for (const detail of await page.locator('#board-live li.visit .visit-detail').allTextContents()) {
    assert.ok(detail.includes(name), `${name} is on every visit shown`);
  }
  assert.match(await page.locator('.board-shown').textContent(), new RegExp(`Showing ${f.cards} of ${all.cards} visits`));
  assert.equal(await overflowsHorizontally(page), false);
  t.diagnostic(`filtered to ${name}: ${f.cards} visits, ${await page.evaluate(() => document.documentElement.scrollHeight)} px`);
  await shoot(page, 'board-filtered-phone', '.board-filter');

  // A tap keeps the filter, and the refresh keeps it too.
  const tappedId = await page.locator('#board-live li.visit').first().getAttribute('id');
  const tapped = page.locator(`#${tappedId}`);
  await tapped.getByRole('button', { name: 'Confirmed' }).click();
  await page.locator(`#${tappedId}[data-status=confirmed]`).waitFor();
  await page.waitForTimeout(REFRESH_MS + 1500);
  assert.equal((await figures(page)).cards, f.cards, 'still filtered after the refresh');
  assert.match(await page.locator('#board-live').getAttribute('data-live-url'), /carer=\d+/);

  // A name: every word in the person's or a carer's name.
  const person = (await page.locator('#board-live .visit-person').first().textContent()).trim();
  await page.goto(d.board);
  await page.getByLabel('Name').fill(person.split(' ').pop());
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await page.waitForURL(/q=/);
  assert.ok((await page.locator('#board-live .visit-person', { hasText: person }).count()) >= 1);

  // Needs action now: the overdue ones, explained in plain words.
  await page.goto(d.board);
  await page.getByLabel('Needs action now').check();
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await page.waitForURL(/act=1/);
  const acting = await exact(page, 'needs action now');
  assert.equal(acting.cards, acting.tally['need action now']);
  assert.ok(await page.getByText('Needs action now', { exact: false }).first().isVisible());

  // Jumping to a card (a form posted without scripts comes back to #visit-N): the sticky
  // group heading does not cover it; nor when it is tabbed to.
  await page.goto(d.board);
  const targetId = await page.locator('.board-overdue li.visit').nth(5).getAttribute('id');
  await page.goto(`${d.board}#${targetId}`);
  const clear = async (sel) => page.evaluate((s) => {
    const el = document.querySelector(s);
    const head = el.closest('.board-group').querySelector('.group-head').getBoundingClientRect();
    return el.getBoundingClientRect().top - head.bottom;
  }, sel);
  assert.ok((await clear(`#${targetId}`)) >= 0, `the card starts below the heading (${await clear(`#${targetId}`)} px)`);
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight / 3));
  await page.locator(`#${targetId} .visit-person`).focus();
  assert.ok((await clear(`#${targetId} .visit-person`)) >= 0, 'a link tabbed to is not under the heading');
  await page.context().close();
});

test('the visit sheet starts from what the board learnt', async (t) => {
  if (!browser) return t.skip('Chromium is not installed (apt-get install chromium); .ci/run installs it');
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' })).newPage();
  await signIn(page, app.url, COORDINATOR);
  const d = await declare(page, '2026-11-24T09:00');
  await page.goto(d.board);
  const doneId = await page.locator('.board-overdue li.visit').first().getAttribute('id');
  const done = page.locator(`#${doneId}`);
  const person = (await done.locator('.visit-person').textContent()).trim();
  await done.getByRole('button', { name: 'Confirmed' }).click();
  await page.locator(`#${doneId}[data-status=confirmed]`).waitFor();
  await page.locator(`#${doneId}`).getByRole('button', { name: 'Completed' }).click();
  await page.locator(`#${doneId}[data-status=completed]`).waitFor();

  await page.goto(`${d.url}/entry`);
  await page.getByRole('link', { name: /Northgate branch/ }).first().click();
  const row = page.locator('tr', { hasText: person }).filter({ hasText: 'From the board' }).first();
  await row.waitFor();
  assert.match(await row.textContent(), /From the board: Completed at \d\d:\d\d by Tom Evans/);
  assert.equal(await row.locator('select').inputValue(), 'completed');
  assert.match(await row.locator('input[name^=departed]').inputValue(), /^\d\d:\d\d$/);
  await page.getByText(/rows? starts? from the live board/).waitFor();
  if (shots) await page.screenshot({ path: `${shots}/visit-sheet-from-board-desktop.png` });
  // Editable: the coordinator corrects the time from the paper and saves.
  await row.locator('input[name^=arrived]').fill('09:35');
  await page.getByRole('button', { name: 'Save sheet' }).click();
  await page.waitForURL(/saved=1/);
  await page.context().close();
});
