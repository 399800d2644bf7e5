import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type BrowserContextOptions, type Locator, type Page } from 'playwright-core';
import type { AppConfig } from '../../apps/api/src/config/app-config.js';
import type { DemoLoadOptions } from '../../apps/api/src/demo/demo.service.js';
import { TestApp } from './test-app.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = resolve('test-results/screenshots');
/** A beforeAll that starts a browser on the whole demo: the first suite of a run loads it (TestApp.startWithDemo), beside other work on two cores. */
export const DEMO_LOAD_TIMEOUT = 240_000;

/** The whole product (API + built web client) on a port of 127.0.0.1, and Debian's Chromium. */
export class BrowserHarness {
  private constructor(
    readonly t: TestApp,
    readonly browser: Browser,
    readonly baseUrl: string,
  ) {}

  /** With `demo`, on a copy of the demo alliance (`TestApp.startWithDemo`). */
  static async start(overrides: Partial<AppConfig> = {}, options: { demo?: DemoLoadOptions } = {}): Promise<BrowserHarness> {
    const config = { WEB_DIST: resolve('apps/web/dist'), ...overrides };
    const t = options.demo ? await TestApp.startWithDemo(config, options.demo) : await TestApp.start(config);
    await t.app.listen(0, '127.0.0.1');
    const address = t.app.getHttpServer().address() as { port: number };
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    return new BrowserHarness(t, browser, `http://127.0.0.1:${address.port}`);
  }

  /** A fresh browser context (no session) and its page; `options` adds e.g. clipboard permissions. */
  async page(options: BrowserContextOptions = {}): Promise<Page> {
    const context = await this.browser.newContext({ baseURL: this.baseUrl, viewport: { width: 1280, height: 900 }, ...options });
    return context.newPage();
  }

  async screenshot(page: Page, name: string): Promise<void> {
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: resolve(SCREENSHOTS, `${name}.png`), fullPage: true });
  }

  async signIn(page: Page, email: string, password: string): Promise<void> {
    await page.goto('/sign-in');
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  /** A page signed in through the sign-in form as the holder of an API session token, once `waitForLink` shows. */
  async signInHolder(token: string, password: string, waitForLink: string): Promise<Page> {
    const { viewer } = await this.t.ok(`{ viewer { user { email } } }`, {}, token);
    const page = await this.page();
    await this.signIn(page, viewer.user.email, password);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: waitForLink }).waitFor();
    return page;
  }

  async close(): Promise<void> {
    await this.browser.close();
    await this.t.close();
  }
}

/** The text of whatever describes a control (aria-describedby): where the web client puts a field's error. */
export async function descriptionOf(control: Locator): Promise<string> {
  const ids = (await control.getAttribute('aria-describedby'))?.split(/\s+/).filter(Boolean) ?? [];
  const texts = await Promise.all(ids.map((id) => control.page().locator(`[id="${id}"]`).textContent()));
  return texts.join(' ');
}

/** The text of every cell of a table's body, row by row. */
export async function cells(table: Locator): Promise<string[][]> {
  const out: string[][] = [];
  for (const row of await table.locator('tbody tr').all()) out.push(await row.getByRole('cell').allTextContents());
  return out;
}
