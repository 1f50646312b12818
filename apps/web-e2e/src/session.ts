import { afterAll, beforeAll, expect } from '@jest/globals';
import type { Browser, BrowserContext, BrowserContextOptions, Locator, Page } from 'playwright-core';
import { type AppProcess, newDataDir, removeDataDirs, startApp } from '@dahe/shared/testing-e2e';
import { collectConsoleErrors, launchChromium } from './browser';

/** The demo seed's password, the same for every demo account. */
export const DEMO_PASSWORD = 'Huanghe-Demo-2024';

export interface E2eSuiteOptions {
  /** The pages' viewport; 1280 × 900 unless told. */
  viewport?: { width: number; height: number };
  /** More options for every context `newPage` opens (e.g. `acceptDownloads`). Locale zh-CN and Beijing time always. */
  context?: BrowserContextOptions;
  /** Done to every context `newPage` opens, before its page (permissions, a clock…). */
  setUpContext?: (context: BrowserContext, app: AppProcess) => Promise<void>;
  /** More environment for the app (e.g. `DAHE_REQUIRE_2FA`). */
  env?: Record<string, string>;
  /** The demo accounts' password given to the app as DAHE_DEMO_PASSWORD; `false` starts the app without one. */
  demoPassword?: string | false;
}

export interface E2eSuite {
  /** The app started for this suite (valid once the suite's beforeAll has run). */
  app(): AppProcess;
  /** The browser launched for this suite (valid once the suite's beforeAll has run). */
  browser(): Browser;
  /** A page in a context of its own (viewport, zh-CN, Asia/Shanghai), its console errors collected, closed after the suite. */
  newPage(options?: { setUp?: (context: BrowserContext) => Promise<void> }): Promise<Page>;
  /** Signs `username` in on `page` through the login page and waits for `landing` (the workspace unless told). */
  logIn(page: Page, username: string, landing?: RegExp): Promise<void>;
  /** A new page with `username` signed in, on the workspace. */
  signIn(username: string): Promise<Page>;
  /** Reads through the API with the page's own session: what the server really holds (expects 200). */
  api<T>(page: Page, path: string): Promise<T>;
  /** Writes through the API with the page's session and its CSRF token (preparation, not what is tested); expects < 300. */
  send<T>(page: Page, method: 'POST' | 'PUT', path: string, data: unknown): Promise<T>;
  /** Waits (up to 10 s) for the element's text, whitespace collapsed, to contain or match `text`. */
  expectText(locator: Locator, text: string | RegExp): Promise<void>;
  /** What every page of `newPage` logged as errors, those matching `ignore` left out. */
  consoleErrors(ignore?: RegExp): string[];
}

/**
 * The set-up every browser spec shares: registers (in the calling `describe`) a beforeAll that launches
 * Chromium and starts the built app on a data folder of its own with the demo seed, and an afterAll that
 * closes the pages' contexts, the browser and the app and removes the data folders.
 */
export function e2eSuite(options: E2eSuiteOptions = {}): E2eSuite {
  const viewport = options.viewport ?? { width: 1280, height: 900 };
  const password = options.demoPassword ?? DEMO_PASSWORD;
  let app: AppProcess | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const consoleErrors: string[][] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    app = await startApp({ DAHE_DATA_DIR: await newDataDir(), ...(password === false ? {} : { DAHE_DEMO_PASSWORD: password }), ...options.env });
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    if (app && app.child.exitCode === null) {
      app.child.kill('SIGTERM');
      await app.exited;
    } else if (app) {
      // It stopped on its own during the tests: what it said last is the way to the cause.
      console.error(`the app exited by itself (code ${String(app.child.exitCode)}, signal ${String(app.child.signalCode)}); its last output:\n${app.output().slice(-8000)}`);
    }
    await removeDataDirs();
  });

  const suite: E2eSuite = {
    app() {
      if (!app) throw new Error('the app is not started: use it inside a test or a hook after e2eSuite()');
      return app;
    },
    browser() {
      if (!browser) throw new Error('the browser is not launched: use it inside a test or a hook after e2eSuite()');
      return browser;
    },
    async newPage(pageOptions = {}) {
      const context = await suite.browser().newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', ...options.context });
      contexts.push(context);
      if (options.setUpContext) await options.setUpContext(context, suite.app());
      if (pageOptions.setUp) await pageOptions.setUp(context);
      const page = await context.newPage();
      consoleErrors.push(collectConsoleErrors(page));
      return page;
    },
    async logIn(page, username, landing = /\/workspace$/) {
      if (password === false) throw new Error('the app was started without a demo password');
      await page.goto(`${suite.app().baseUrl}/login`);
      await page.getByTestId('login-username').fill(username);
      await page.getByTestId('login-password').fill(password);
      await page.getByTestId('login-submit').click();
      await page.waitForURL(landing);
    },
    async signIn(username) {
      const page = await suite.newPage();
      await suite.logIn(page, username);
      return page;
    },
    async api<T>(page: Page, path: string): Promise<T> {
      const response = await page.request.get(`${suite.app().baseUrl}${path}`);
      expect(response.status()).toBe(200);
      return (await response.json()) as T;
    },
    async send<T>(page: Page, method: 'POST' | 'PUT', path: string, data: unknown): Promise<T> {
      const csrf = (await page.context().cookies()).find((cookie) => cookie.name === 'dahe_csrf')?.value ?? '';
      const response = await page.request.fetch(`${suite.app().baseUrl}${path}`, { method, data, headers: { 'x-csrf-token': csrf } });
      expect({ path, status: response.status(), body: response.status() >= 300 ? await response.text() : '' }).toEqual({ path, status: expect.any(Number), body: '' });
      return (await response.json()) as T;
    },
    expectText,
    consoleErrors(ignore) {
      return consoleErrors.flat().filter((text) => !ignore?.test(text));
    },
  };
  return suite;
}

/** Waits (up to 10 s) for the element's text, whitespace collapsed, to contain or match `text`. */
export async function expectText(locator: Locator, text: string | RegExp): Promise<void> {
  await locator.waitFor();
  const matches = (value: string) => (typeof text === 'string' ? value.includes(text) : text.test(value));
  let seen = '';
  for (const until = Date.now() + 10_000; Date.now() < until; await new Promise((resolve) => setTimeout(resolve, 100))) {
    seen = (await locator.innerText()).replace(/\s+/g, ' ');
    if (matches(seen)) return;
  }
  expect(seen).toEqual(typeof text === 'string' ? expect.stringContaining(text) : expect.stringMatching(text));
}
