// Screenshots for looking at pages by eye: node shoot.mjs OUTDIR [path…]
import { startLantern, launchBrowser, signIn } from './lib/harness.js';
const [out, ...paths] = process.argv.slice(2);
const app = await startLantern();
const browser = await launchBrowser();
try {
  for (const [name, width] of [['desktop', 1280], ['phone', 360]]) {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    await signIn(page, app.url);
    for (const p of paths) {
      await page.goto(app.url + p);
      const file = `${out}/${name}${p.replace(/[/?=&]/g, '_')}.png`;
      await page.screenshot({ path: file, fullPage: true });
      console.log(file);
    }
    await page.close();
  }
} finally {
  await browser?.close();
  await app.stop();
}
