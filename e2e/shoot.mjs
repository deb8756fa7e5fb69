// Screenshots for looking at pages by eye and for docs/:
//   node shoot.mjs OUTDIR [--viewport] PATH…
// Each PATH is shot at desktop width (1280) and on a phone (360). --viewport keeps to the
// first screenful instead of the whole page.
import { execFileSync } from 'node:child_process';
import { startLantern, launchBrowser, signIn, lanternBinary } from './lib/harness.js';

const args = process.argv.slice(2);
const out = args.shift();
const viewportOnly = args[0] === '--viewport' ? Boolean(args.shift()) : false;
const app = await startLantern();
// Build every pack first so that pack pages have something to show.
execFileSync(lanternBinary(), ['pack', 'build', '--all', '--data', app.data, '--out', `${app.data}/packs`], { env: { ...process.env, LANTERN_LOG: 'warn' } });
const browser = await launchBrowser();
try {
  for (const [name, width, height] of [['desktop', 1280, 900], ['phone', 360, 780]]) {
    const page = await browser.newPage({ viewport: { width, height } });
    await signIn(page, app.url);
    for (const p of args) {
      await page.goto(app.url + p);
      const file = `${out}/${name}${p.replace(/[/?=&]+/g, '-').replace(/-$/, '') || '-home'}.png`;
      await page.screenshot({ path: file, fullPage: !viewportOnly });
      console.log(file);
    }
    await page.close();
  }
} finally {
  await browser?.close();
  await app.stop();
}
