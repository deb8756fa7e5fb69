// Starts a real `lantern demo` on a free port with a fresh data directory, and Debian's
// Chromium through playwright-core. No browser download: executablePath is the system one.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir, homedir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const ADMIN = { email: 'admin@riverside-care.example', password: 'lantern-demo' };
export const COORDINATOR = { email: 'coordinator@riverside-care.example', password: 'lantern-demo' };

export function lanternBinary() {
  const candidates = [
    process.env.LANTERN_BIN,
    join(process.env.CARGO_TARGET_DIR || join(homedir(), '.cache/lantern-target'), 'debug/lantern'),
    new URL('../../target/debug/lantern', import.meta.url).pathname,
  ].filter(Boolean);
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`no lantern binary; build it with cargo build (looked in ${candidates.join(', ')})`);
  return found;
}

/** Starts `lantern demo` and resolves once it prints its URL (no sleeping). Lantern builds
 * no pack by itself unless `packs` is set: laying out the demo's first packs takes most of a
 * minute in a debug build, and the tests that build packs start from none. */
export async function startLantern(extraArgs = [], { packs = false } = {}) {
  const data = mkdtempSync(join(tmpdir(), 'lantern-e2e-'));
  const env = { ...process.env, LANTERN_LOG: 'warn' };
  if (!packs) env.LANTERN_PACK_BUILD_TIME = 'off';
  const child = spawn(lanternBinary(), ['demo', '--data', data, '--bind', '127.0.0.1:0', ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  });
  let output = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`lantern did not start:\n${output}`)), packs ? 300_000 : 60_000);
    const onData = (chunk) => {
      output += chunk;
      const m = output.match(/running at (http:\/\/[^\s]+)/);
      if (m) { clearTimeout(timer); resolve(m[1].replace(/\/$/, '')); }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (c) => { output += c; });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`lantern exited (${code}):\n${output}`)); });
  });
  return {
    url,
    data,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(data, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser() {
  if (!existsSync(CHROMIUM)) {
    if (process.env.CI || process.env.LANTERN_REQUIRE_BROWSER) throw new Error(`Chromium is required but ${CHROMIUM} is missing`);
    return null;
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
  });
}

export async function signIn(page, base, who = ADMIN) {
  await page.goto(`${base}/login`);
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${base}/`);
}

/** Opens the top menu when it is collapsed (phones). */
export async function openMenu(page) {
  const button = page.locator('[data-menu-toggle]');
  if (await button.isVisible() && (await button.getAttribute('aria-expanded')) !== 'true') await button.click();
}

/** True when the page is wider than the window: what a phone user would have to scroll. */
export async function overflowsHorizontally(page) {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
}
