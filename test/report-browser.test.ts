/**
 * The HTML report in a real browser (Debian's chromium, driven headless by playwright-core): opened
 * from disk, no console errors, no network, every lever and dimension section and every chart
 * visible, the Explore filters usable by keyboard, the plain list without scripts, markup in the data
 * shown as text, a screenshot of the first screen (test-artifacts/) and a PDF print.
 *
 * Without /usr/bin/chromium the browser tests skip with a message; with CI=true they fail instead,
 * so CI never hides them. The CLI cases need the built CLI (`npx tsc -p .`) with `hefboom report`.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../src/report/render-html.js';
import { sampleModel, XSS_IMG, XSS_SCRIPT } from '../src/report/sample-model.test-helpers.js';
import { hefboom, repoRoot } from './run-cli.js';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
const inCi = process.env.CI === 'true';
const cliHelp = existsSync(join(repoRoot, 'dist', 'cli', 'main.js')) ? hefboom(['report', '--help']) : null;
const haveReportCli = cliHelp !== null && cliHelp.code === 0 && !/not built yet/.test(cliHelp.stdout + cliHelp.stderr);
const artifacts = join(repoRoot, 'test-artifacts');

it('has Chromium for the browser tests (required when CI=true)', () => {
  if (!haveChromium) {
    if (inCi) throw new Error(`${CHROMIUM} is missing: CI must install Debian's chromium (apt-get install chromium)`);
    console.warn(`skipping the browser tests: ${CHROMIUM} is not installed (apt-get install chromium)`);
  }
  if (!haveReportCli) console.warn('skipping the browser tests on CLI-built reports: the built CLI has no `hefboom report` (run `npx tsc -p .`)');
  expect(haveChromium || !inCi).toBe(true);
});

const LEVERS = ['L1', 'L2', 'L3', 'L4', 'L5', 'L6', 'L7'];
const DIMENSIONS = ['welbevinden', 'betrokkenheid', 'emotionele-ondersteuning', 'educatieve-ondersteuning', 'omgeving', 'gezinnen-diversiteit'];

interface Opened { page: Page; context: BrowserContext; errors: string[]; requests: string[]; dialogs: string[]; url: string }

describe.skipIf(!haveChromium)('the HTML report in Chromium', () => {
  let browser: Browser;
  let tmp: string;

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'hefboom-browser-'));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  /** Opens a report file from disk and records console errors, page errors, requests and dialogs. */
  async function open(file: string, javaScriptEnabled = true): Promise<Opened> {
    const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    const url = pathToFileURL(file).href;
    const errors: string[] = [];
    const requests: string[] = [];
    const dialogs: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('request', (r) => requests.push(r.url()));
    page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
    await page.goto(url, { waitUntil: 'load' });
    return { page, context, errors, requests, dialogs, url };
  }

  async function writeSample(name: string, opts: Parameters<typeof sampleModel>[0]): Promise<string> {
    const file = join(tmp, name);
    writeFileSync(file, await renderHtml(sampleModel(opts)));
    return file;
  }

  /** What every report must satisfy: quiet console, no network, all lever/dimension sections and charts visible. */
  async function expectSoundReport(o: Opened): Promise<void> {
    const { page } = o;
    expect(o.errors).toEqual([]);
    expect(o.requests).toEqual([o.url]);
    for (const l of LEVERS) expect(await page.locator(`section#lever-${l}`).isVisible(), `lever-${l}`).toBe(true);
    for (const d of DIMENSIONS) expect(await page.locator(`section#memoq-${d}`).isVisible(), `memoq-${d}`).toBe(true);
    const charts = page.locator('figure svg');
    const n = await charts.count();
    expect(n).toBeGreaterThan(0);
    for (let i = 0; i < n; i++) {
      const svg = charts.nth(i);
      expect(await svg.isVisible()).toBe(true);
      const box = await svg.boundingBox();
      expect(box && box.width > 50 && box.height > 20).toBe(true);
      expect(await svg.getAttribute('aria-label')).toBeTruthy();
    }
  }

  it('shows the sample report whole, offline and quiet; saves the first screen; prints to PDF', async () => {
    const o = await open(await writeSample('sample.html', {}));
    try {
      await expectSoundReport(o);
      expect(await o.page.locator('figure svg').count()).toBe(12);
      expect(await o.page.locator('section#explore').isVisible()).toBe(true);
      mkdirSync(artifacts, { recursive: true });
      const shot = join(artifacts, 'report-first-screen.png');
      await o.page.screenshot({ path: shot });
      expect(existsSync(shot)).toBe(true);
      const pdf = (await o.page.pdf({ format: 'A4' })).toString('latin1');
      expect(pdf.startsWith('%PDF-')).toBe(true);
      expect((pdf.match(/\/Type\s*\/Page\b(?!s)/g) ?? []).length).toBeGreaterThanOrEqual(1);
    } finally {
      await o.context.close();
    }
  }, 30_000);

  it('filters the Explore list by keyboard and updates the live count', async () => {
    const o = await open(await writeSample('explore.html', {}));
    const { page } = o;
    try {
      const items = page.locator('#explore-list > li');
      const total = await items.count();
      expect(total).toBe(12);
      expect(await page.locator('#explore-filters').isVisible()).toBe(true); // revealed by the script
      const count = page.locator('#explore-count');
      expect(await count.textContent()).toBe(`${total} van ${total} fragmenten getoond`);
      expect(await count.getAttribute('aria-live')).toBe('polite');

      // Keyboard only: focus the lever select, choose with the arrow keys.
      await page.focus('#f-lever');
      await page.keyboard.press('ArrowDown');
      expect(await page.locator('#f-lever').inputValue()).toBe('L1');
      const afterLever = await items.evaluateAll((lis) => lis.filter((li) => !(li as HTMLElement).hidden).length);
      expect(afterLever).toBeGreaterThan(0);
      expect(afterLever).toBeLessThan(total);
      expect(await count.textContent()).toBe(`${afterLever} van ${total} fragmenten getoond`);
      for (const li of await items.all()) {
        if (await li.isVisible()) expect((await li.getAttribute('data-lever'))!.split(' ')).toContain('L1');
      }

      // Tab moves through the other selects to the text field; free text narrows further.
      for (let i = 0; i < 5; i++) await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-text');
      await page.keyboard.type('middagmaal');
      const afterText = await items.evaluateAll((lis) => lis.filter((li) => !(li as HTMLElement).hidden).length);
      expect(afterText).toBeLessThan(afterLever);
      expect(await count.textContent()).toBe(`${afterText} van ${total} fragmenten getoond`);

      // The reset button, reached by Tab, shows everything again.
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.getAttribute('type'))).toBe('reset');
      await page.keyboard.press('Enter');
      await expect.poll(() => count.textContent()).toBe(`${total} van ${total} fragmenten getoond`);
      expect(o.errors).toEqual([]);
    } finally {
      await o.context.close();
    }
  }, 30_000);

  it('shows the plain Explore list without JavaScript, and no dead controls', async () => {
    const o = await open(await writeSample('nojs.html', {}), false);
    try {
      expect(await o.page.locator('#explore-filters').isVisible()).toBe(false);
      const items = o.page.locator('#explore-list > li');
      expect(await items.count()).toBe(12);
      for (const li of await items.all()) expect(await li.isVisible()).toBe(true);
      expect(await o.page.locator('#explore-count').textContent()).toBe('12 fragmenten');
      expect(await o.page.locator('figure svg').first().isVisible()).toBe(true);
    } finally {
      await o.context.close();
    }
  }, 30_000);

  /** Markup-like text in the data shows as text: no element made from it, no script run. */
  async function expectInertMarkup(o: Opened): Promise<void> {
    const text = (await o.page.textContent('body')) ?? '';
    expect(text).toContain(XSS_SCRIPT);
    expect(text).toContain(XSS_IMG);
    expect(await o.page.locator('img').count()).toBe(0);
    expect(await o.page.locator('img[src="x"]').count()).toBe(0);
    expect(await o.page.locator('script').count()).toBeLessThanOrEqual(1);
    expect(o.dialogs).toEqual([]);
    expect(o.errors).toEqual([]);
  }

  it('renders markup in quotes, labels, cells and titles of the sample model as text', async () => {
    const o = await open(await writeSample('xss.html', { hostile: true }));
    try {
      await expectInertMarkup(o);
      expect(await o.page.title()).toBe(`Rapport ${XSS_SCRIPT}`);
      // Filtering on the hostile site value works and runs nothing.
      await o.page.selectOption('#f-site', { label: XSS_SCRIPT });
      expect(await o.page.locator('#explore-count').textContent()).toBe('1 van 12 fragmenten getoond');
      expect(o.dialogs).toEqual([]);
    } finally {
      await o.context.close();
    }
  }, 30_000);

  describe.skipIf(!haveReportCli)('reports built by `hefboom report`', () => {
    function build(project: string, name: string): string {
      const out = join(tmp, name);
      const r = hefboom(['report', '-p', join(repoRoot, project), '--out', out, '--format', 'html', '--quiet']);
      expect(r.code, r.stderr).toBe(0);
      const file = join(out, 'index.html');
      expect(existsSync(file)).toBe(true);
      return file;
    }

    it('examples/werkplekleren: all 7 levers, 6 dimensions and every chart, offline and quiet', async () => {
      const o = await open(build('examples/werkplekleren', 'werkplekleren'));
      try {
        await expectSoundReport(o);
        expect(await o.page.locator('#explore-list > li').count()).toBeGreaterThan(0);
      } finally {
        await o.context.close();
      }
    }, 60_000);

    it('examples/mentes-pioniersfase: levers, dimensions, impact and audit, offline and quiet', async () => {
      const o = await open(build('examples/mentes-pioniersfase', 'mentes'));
      try {
        await expectSoundReport(o);
        expect(await o.page.locator('section#impact').isVisible()).toBe(true);
        expect(await o.page.locator('section#audit').isVisible()).toBe(true);
      } finally {
        await o.context.close();
      }
    }, 60_000);

    it('fixtures/report-xss: markup in a transcript, a code label, a site and the project name renders as text', async () => {
      const o = await open(build('fixtures/report-xss', 'xss'));
      try {
        await expectInertMarkup(o);
        expect(await o.page.title()).toBe(`XSS-test ${XSS_SCRIPT}`);
      } finally {
        await o.context.close();
      }
    }, 60_000);
  });
});
