// Browser smoke test of the built web app against a running Dovetail.
//
// Env: BASE_URL (e.g. http://127.0.0.1:8000), ADMIN_USER, ADMIN_PASSWORD; optional
// EXPECT_RUN_ID (a succeeded run with three steps), CHROMIUM (browser binary).
// Run: npm ci && node --test --test-reporter=spec smoke.test.mjs
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { openPage } from './browser.mjs';

const BASE_URL = (process.env.BASE_URL ?? 'http://127.0.0.1:8000').replace(/\/+$/, '');
const ADMIN_USER = process.env.ADMIN_USER ?? 'admin';
const ADMIN_PASSWORD = process.env.ADMIN_PASSWORD ?? '';
const EXPECT_RUN_ID = process.env.EXPECT_RUN_ID ?? '';


describe('Dovetail web app', () => {
  let browser;
  let page;
  let consoleErrors = [];

  before(async () => {
    ({ browser, page, consoleErrors } = await openPage({ baseUrl: BASE_URL }));
  });

  after(async () => {
    await browser?.close();
  });

  it('redirects an anonymous visitor from / to the login page', async () => {
    await page.goto(`${BASE_URL}/`);
    await page.waitForURL((url) => url.pathname === '/login');
    await page.locator('input[name="username"]').waitFor();
  });

  it('logs in and lands on the Dashboard', async () => {
    assert.ok(ADMIN_PASSWORD, 'ADMIN_PASSWORD must be set');
    await page.locator('input[name="username"]').fill(ADMIN_USER);
    await page.locator('input[name="password"]').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === '/dashboard');
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  });

  it('navigates to the Flows page', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Flows' }).click();
    await page.waitForURL((url) => url.pathname === '/flows');
    await page.getByRole('heading', { level: 1, name: 'Flows' }).waitFor();
  });

  it('navigates to the Runs page', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Runs' }).click();
    await page.waitForURL((url) => url.pathname === '/runs');
    await page.getByRole('heading', { level: 1, name: 'Runs' }).waitFor();
  });

  it('lists the expected run as succeeded and shows its three steps', async () => {
    assert.ok(EXPECT_RUN_ID, 'EXPECT_RUN_ID must be set');
    const row = page.locator(`[data-testid="run-row"][data-run-id="${EXPECT_RUN_ID}"]`);
    await row.waitFor();
    assert.equal((await row.locator('[data-status]').first().innerText()).trim().toLowerCase(), 'succeeded');

    await page.goto(`${BASE_URL}/runs/${EXPECT_RUN_ID}`);
    const steps = page.locator('[data-testid="run-steps"] [data-testid="run-step"]');
    await steps.nth(2).waitFor();
    assert.equal(await steps.count(), 3);
    assert.equal((await page.getByTestId('run-status').innerText()).trim().toLowerCase(), 'succeeded');
  });

  it('logged no console errors', () => {
    assert.deepEqual(consoleErrors, []);
  });
});
