// What every browser test needs: Debian's Chromium at 1280x800, and a record of console errors
// other than the ones the product is expected to cause.
import { chromium } from 'playwright-core';

export const TIMEOUT_MS = 15_000;

/**
 * Expected failed requests: [{status: /regex/, path: '/api/...'}]. Chromium logs a failed
 * request as "Failed to load resource: ... status of 403"; before login the app asks
 * GET /api/auth/me/ and gets 403, so that one is always expected.
 */
export async function openPage({ baseUrl, expected = [] }) {
  const allowed = [{ status: /status of 40[13]\b/, path: '/api/auth/me/' }, ...expected];
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT_MS);
  const consoleErrors = [];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    const path = new URL(message.location().url ?? '', baseUrl).pathname;
    const isExpected =
      text.startsWith('Failed to load resource') && allowed.some((a) => a.status.test(text) && a.path === path);
    if (!isExpected) consoleErrors.push(`console: ${text} (${message.location().url ?? ''})`);
  });
  page.on('pageerror', (error) => consoleErrors.push(`pageerror: ${error.stack ?? error.message}`));
  return { browser, page, consoleErrors };
}
