// Browser test of the run history dashboard, runs search, replay and templates, against a running Dovetail.
//
// Env: BASE_URL, ADMIN_USER, ADMIN_PASSWORD, CHROMIUM (browser binary); ORDER_NUMBER (an order
// number only one failed run's payload holds) and FAILED_RUN_ID (that run). The upstream the
// run failed against must answer 2xx by now, so the replay succeeds.
// Optional SCREENSHOT_DIR: a PNG of each page the test passes through lands there.
// Run: npm ci && node --test --test-reporter=spec dashboard.test.mjs
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { openPage } from './browser.mjs';

const BASE_URL = (process.env.BASE_URL ?? 'http://127.0.0.1:8000').replace(/\/+$/, '');
const ADMIN_USER = process.env.ADMIN_USER ?? 'admin';
const ADMIN_PASSWORD = process.env.ADMIN_PASSWORD ?? '';
const ORDER_NUMBER = process.env.ORDER_NUMBER ?? '';
const FAILED_RUN_ID = process.env.FAILED_RUN_ID ?? '';
const SCREENSHOT_DIR = process.env.SCREENSHOT_DIR ?? '';
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** The status each node of the run graph shows, by node id, once every node is drawn and measured. */
async function graphStatuses(page) {
  const graph = page.getByTestId('run-graph');
  await graph.locator('.react-flow__node').first().waitFor({ state: 'visible' });
  return graph.locator('.react-flow__node').evaluateAll((nodes) =>
    Object.fromEntries(
      nodes.map((node) => [
        node.getAttribute('data-id'),
        {
          status: node.querySelector('[data-testid="graph-node"]')?.getAttribute('data-status'),
          badge: node.querySelector('[data-testid="graph-node-status"]')?.textContent,
          label: node.getAttribute('aria-label'),
        },
      ]),
    ),
  );
}


describe('Dovetail run history and templates', () => {
  let browser;
  let page;
  let consoleErrors = [];
  const snap = async (name) => {
    if (SCREENSHOT_DIR) await page.screenshot({ path: `${SCREENSHOT_DIR}/${name}.png` });
  };

  before(async () => {
    assert.ok(ADMIN_PASSWORD, 'ADMIN_PASSWORD must be set');
    assert.ok(ORDER_NUMBER && FAILED_RUN_ID, 'ORDER_NUMBER and FAILED_RUN_ID must be set');
    ({ browser, page, consoleErrors } = await openPage({ baseUrl: BASE_URL }));
  });

  after(async () => {
    await browser?.close();
  });

  it('logs in and lands on the dashboard, which counts the failed runs', async () => {
    await page.goto(`${BASE_URL}/`);
    await page.locator('input[name="username"]').fill(ADMIN_USER);
    await page.locator('input[name="password"]').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === '/dashboard');
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();

    const failed = page.getByTestId('stat-failed').getByTestId('stat-value');
    await page.waitForFunction((el) => Number(el.textContent) > 0, await failed.elementHandle());
    await page.getByTestId('runs-chart').locator('.recharts-bar-rectangle').first().waitFor();
    await page.getByTestId('error-groups').getByTestId('error-group').first().waitFor();
    await snap('1-dashboard');
  });

  it('finds exactly the run whose payload holds the order number', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Runs' }).click();
    await page.waitForURL((url) => url.pathname === '/runs');
    await page.getByTestId('runs-search').fill(ORDER_NUMBER);
    await page.waitForURL((url) => url.searchParams.get('search') === ORDER_NUMBER);

    const rows = page.getByTestId('run-row');
    await page.waitForFunction(
      (id) => {
        const found = [...document.querySelectorAll('[data-testid="run-row"]')];
        return found.length === 1 && found[0].getAttribute('data-run-id') === id;
      },
      FAILED_RUN_ID,
    );
    assert.equal(await rows.count(), 1);
    assert.match(await rows.first().getByTestId('run-trigger-summary').innerText(), new RegExp(ORDER_NUMBER));
    await snap('2-runs-search');
  });

  it('opens the failed run, with the failed step and its HTTP status up front', async () => {
    await page.getByTestId('run-row').first().click();
    await page.waitForURL((url) => url.pathname === `/runs/${FAILED_RUN_ID}`);
    assert.equal((await page.getByTestId('run-status').innerText()).trim().toLowerCase(), 'failed');
    const failedStep = page.locator('[data-testid="run-step"][data-status="failed"]');
    await failedStep.waitFor();
    assert.match(await failedStep.getByTestId('error-summary').first().innerText(), /500/);

    // The flow (order → map → post) drawn with each node in its step's status, in words too.
    assert.deepEqual(await graphStatuses(page), {
      order: { status: 'succeeded', badge: 'succeeded', label: 'order: succeeded' },
      map: { status: 'succeeded', badge: 'succeeded', label: 'map: succeeded' },
      post: { status: 'failed', badge: 'failed', label: 'post: failed' },
    });
    await snap('3-failed-run');
  });

  it('opens and scrolls to a step when its node is clicked in the graph', async () => {
    const mapStep = page.locator('[data-testid="run-step"][data-step-key="map"]');
    assert.equal(await mapStep.getByRole('button', { name: 'Details', exact: true }).getAttribute('aria-expanded'), 'false');
    await page.getByTestId('run-graph').locator('.react-flow__node[data-id="map"]').click();
    await page.locator('[data-testid="run-step"][data-step-key="map"][data-selected="true"]').waitFor();
    assert.equal(await mapStep.getByRole('button', { name: 'Hide details', exact: true }).getAttribute('aria-expanded'), 'true');
    await page.waitForFunction(() => {
      const top = document.querySelector('[data-testid="run-step"][data-step-key="map"]')?.getBoundingClientRect().top;
      return top !== undefined && top >= 0 && top < window.innerHeight;
    });
    await snap('3b-node-clicked');
  });

  it('replays it from the failed step after confirming, and lands on the new run, which succeeds', async () => {
    await page.getByRole('button', { name: 'Replay from failed step' }).click();
    const dialog = page.getByRole('dialog', { name: 'Replay from the failed step' });
    await dialog.getByTestId('replay-payload').waitFor();
    await snap('4-replay-confirm');
    await dialog.getByRole('button', { name: 'Replay', exact: true }).click();

    await page.waitForURL((url) => new RegExp(`^/runs/${UUID}$`).test(url.pathname) && !url.pathname.endsWith(FAILED_RUN_ID));
    assert.equal(await page.getByTestId('replay-of').getAttribute('href'), `/runs/${FAILED_RUN_ID}`);
    await page.waitForFunction(
      () => document.querySelector('[data-testid="run-status"]')?.textContent?.trim().toLowerCase() === 'succeeded',
      undefined,
      { timeout: 30_000 },
    );
    // Drawn from the same poll as the status: every node has succeeded, the copied ones too.
    await page.waitForFunction(() => {
      const nodes = [...document.querySelectorAll('[data-testid="run-graph"] [data-testid="graph-node"]')];
      return nodes.length === 3 && nodes.every((n) => n.getAttribute('data-status') === 'succeeded');
    });
    const statuses = await graphStatuses(page);
    assert.deepEqual(Object.keys(statuses).sort(), ['map', 'order', 'post']);
    for (const [id, node] of Object.entries(statuses)) {
      assert.deepEqual(node, { status: 'succeeded', badge: 'succeeded', label: `${id}: succeeded` });
    }
    await snap('5-replayed-run');
  });

  it('uses a template: imports it, asks for credentials, opens the editor', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Templates' }).click();
    await page.waitForURL((url) => url.pathname === '/templates');
    const card = page.getByTestId('template-card').first();
    await card.getByTestId('graph-preview').locator('[data-testid="graph-node"]').first().waitFor();
    await snap('6-templates');
    await card.getByRole('button', { name: 'Use template' }).click();

    // A template whose nodes need credentials asks for them first; one that needs none goes straight on.
    const dialog = page.getByRole('dialog', { name: 'Credentials for the new flow' });
    const editor = new RegExp(`^/flows/${UUID}/edit$`);
    await Promise.race([dialog.waitFor(), page.waitForURL((url) => editor.test(url.pathname))]);
    if (await dialog.isVisible()) {
      assert.ok((await dialog.getByTestId('credential-select').count()) > 0);
      await snap('6b-template-credentials');
      await dialog.getByRole('button', { name: 'Open in the editor' }).click();
    }
    await page.waitForURL((url) => editor.test(url.pathname));
    await snap('7-editor');
  });

  it('logged no console errors', () => {
    assert.deepEqual(consoleErrors, []);
  });
});
