import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startHarness, type Harness } from '../support/harness.js';
import { insertPayment, payLink, reload, transferOf } from '../web/fixtures.js';

const CHROMIUM = '/usr/bin/chromium';

/** The part of the browser's window that the page functions use; the project's types have no DOM. */
interface BrowserWindow {
  getComputedStyle(element: unknown): { backgroundColor: string };
}
// Without Chromium the journey is skipped on a developer machine, but never in CI.
const skip = !existsSync(CHROMIUM) && !process.env.CI;

describe.skipIf(skip)('customer journey in Chromium', () => {
  let h: Harness;
  let browser: Browser;

  beforeAll(async () => {
    h = await startHarness();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  async function phonePage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    return context.newPage();
  }

  async function expectFitsScreen(page: Page): Promise<void> {
    const width = await page.evaluate<number>('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(360);
  }

  it('pays and shows the receipt', async () => {
    const payment = await insertPayment(h, { notes: 'Two bolts of ankara <b>' });
    const page = await phonePage();

    await page.goto(payLink(h, payment));
    expect(new URL(page.url()).origin).toBe(h.sandbox.url);
    await page.locator('[id="account-bola.adeyemi"]').check();
    await page.locator('#pin').fill('4321');
    await Promise.all([
      page.waitForURL((url) => url.origin === h.app.url && url.pathname.startsWith('/pay/')),
      page.locator('button[name=decision][value=approve]').click(),
    ]);

    await expect.poll(() => page.locator('h1').textContent()).toBe('Payment received');
    expect(page.url()).toBe(payLink(h, payment));
    const transfer = await transferOf(h, payment.id);
    expect(await page.locator('#transaction-id').textContent()).toBe(transfer!.mimoTransactionId);
    const text = await page.locator('main').innerText();
    expect(text).toContain('₦25,000.00');
    expect(text).toContain('Two bolts of ankara <b>');
    expect(text).toContain('Bola Adeyemi');
    // The style is allowed by its hash in the CSP; a blocked style would leave the card transparent.
    const background = await page.locator('.card').evaluate((element) => (globalThis as unknown as BrowserWindow).getComputedStyle(element).backgroundColor);
    expect(background).toBe('rgb(255, 255, 255)');
    await expectFitsScreen(page);
    expect((await reload(h, payment)).state).toBe('transferred');
  });

  it('reject shows the cancelled page', async () => {
    const payment = await insertPayment(h);
    const page = await phonePage();

    await page.goto(payLink(h, payment));
    await Promise.all([
      page.waitForURL((url) => url.origin === h.app.url && url.pathname.startsWith('/pay/')),
      page.locator('button[name=decision][value=reject]').click(),
    ]);

    expect(await page.locator('h1').textContent()).toBe('Payment cancelled');
    await expectFitsScreen(page);
    expect((await reload(h, payment)).state).toBe('declined');
  });

  it('expired link shows the expired page', async () => {
    const payment = await insertPayment(h, { expiresAt: new Date(Date.now() - 60_000) });
    const page = await phonePage();

    await page.goto(payLink(h, payment));

    expect(new URL(page.url()).origin).toBe(h.app.url);
    expect(await page.locator('h1').textContent()).toBe('This payment link has expired');
    await expectFitsScreen(page);
  });
});
