// Browser test of the flow editor against a running Dovetail (issue 5, "How it is shown").
//
// Env: BASE_URL, ADMIN_USER, ADMIN_PASSWORD, UPSTREAM_URL (an HTTP server that records what it
// receives); optional CHROMIUM (browser binary), SCREENSHOT_DIR (PNGs of the editor for review).
// Run: npm ci && node --test --test-reporter=spec editor.test.mjs
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { openPage } from './browser.mjs';

const BASE_URL = (process.env.BASE_URL ?? 'http://127.0.0.1:8000').replace(/\/+$/, '');
const ADMIN_USER = process.env.ADMIN_USER ?? 'admin';
const ADMIN_PASSWORD = process.env.ADMIN_PASSWORD ?? '';
const UPSTREAM_URL = (process.env.UPSTREAM_URL ?? '').replace(/\/+$/, '');
const SCREENSHOT_DIR = process.env.SCREENSHOT_DIR ?? '';
const FLOW_NAME = `Editor e2e ${Date.now()}`;
const ORDER = { id: 1001, email: 'ana@example.com', line_items: [{ sku: 'SHIRT-M-BLUE' }, { sku: 'SOCK-L' }] };


describe('Flow editor', () => {
  let browser;
  let page;
  let consoleErrors = [];

  const node = (id) => page.locator(`.react-flow__node[data-id="${id}"]`);
  const shot = async (name) => {
    if (!SCREENSHOT_DIR) return;
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
  };

  /** Drags a palette block onto the canvas at (x, y) relative to the canvas's top left. */
  async function dragBlock(block, x, y) {
    const source = page.locator(`[data-testid="palette-block"][data-block="${block}"]`);
    const canvas = page.locator('.react-flow__pane');
    // A dropped node is selected and opens its panel, which narrows the canvas: deselect first.
    await canvas.click({ position: { x: 5, y: 5 } });
    await page.getByTestId('node-panel').waitFor({ state: 'detached' });
    await source.dragTo(canvas, { targetPosition: { x, y } });
  }

  /** Drags from a node's output handle (by port) to another node's input handle. */
  async function connect(from, to, port = 'main') {
    await node(from).locator(`.react-flow__handle.source[data-handleid="${port}"]`).dragTo(node(to).locator('.react-flow__handle.target'));
  }

  async function selectNode(id) {
    // Click the node's title area, away from its handles.
    await node(id).click({ position: { x: 60, y: 14 } });
    await page.getByTestId('node-panel').waitFor();
  }

  before(async () => {
    ({ browser, page, consoleErrors } = await openPage({ baseUrl: BASE_URL, expected: [{ status: /status of 400\b/, path: '/api/flows/import/' }] }));
  });

  after(async () => {
    await browser?.close();
  });

  it('logs in and opens a new flow from the flows list', async () => {
    assert.ok(ADMIN_PASSWORD, 'ADMIN_PASSWORD must be set');
    assert.ok(UPSTREAM_URL, 'UPSTREAM_URL must be set');
    await page.goto(`${BASE_URL}/login`);
    await page.locator('input[name="username"]').fill(ADMIN_USER);
    await page.locator('input[name="password"]').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname !== '/login');
    await page.goto(`${BASE_URL}/flows`);
    await page.getByRole('link', { name: 'New flow' }).click();
    await page.waitForURL((url) => url.pathname === '/flows/new');
    await page.getByTestId('block-palette').waitFor();
    await page.getByLabel('Flow name').fill(FLOW_NAME);
  });

  it('drags a webhook trigger, a transform and an HTTP block onto the canvas', async () => {
    await dragBlock('core.webhook', 40, 120);
    await dragBlock('core.transform', 300, 220);
    await dragBlock('core.http_request', 560, 120);
    for (const id of ['webhook', 'transform', 'http_request']) await node(id).waitFor();
    // A flow accepts one trigger: the palette now refuses another.
    assert.equal(await page.locator('[data-block="core.webhook"]').getAttribute('aria-disabled'), 'true');
  });

  it('connects them, and refuses an edge into the trigger with a reason', async () => {
    await connect('webhook', 'transform');
    await connect('transform', 'http_request');
    await page.locator('.react-flow__edge').nth(1).waitFor();
    assert.equal(await page.locator('.react-flow__edge').count(), 2);

    // A trigger has no input handle: drop on the node itself.
    await node('transform').locator('.react-flow__handle.source').dragTo(node('webhook'));
    const refused = page.getByTestId('connection-refused');
    await refused.waitFor();
    assert.match(await refused.innerText(), /trigger/);
    assert.equal(await page.locator('.react-flow__edge').count(), 2);
  });

  it('undoes the delete of a node, with its edges', async () => {
    await selectNode('transform');
    await page.keyboard.press('Delete');
    await node('transform').waitFor({ state: 'detached' });
    assert.equal(await page.locator('.react-flow__edge').count(), 0);
    await page.keyboard.press('Control+z');
    await node('transform').waitFor();
    assert.equal(await page.locator('.react-flow__edge').count(), 2);
  });

  it('fills the forms from the block schemas, and the errors clear', async () => {
    await selectNode('http_request');
    // The URL is required: live validation puts the error on the node.
    await node('http_request').locator('[data-testid="node-error-badge"]').waitFor();
    await page.locator('#node_http_request_url').fill(`${UPSTREAM_URL}/orders`);
    await page.locator('#node_http_request_body').fill('{{ steps.transform }}');

    await selectNode('transform');
    await page
      .locator('#node_transform_expression')
      .fill('{"order_number": trigger.body.id, "email": trigger.body.email, "skus": trigger.body.line_items.sku}');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="node-error-badge"]').length === 0);
    await shot('editor-filled');
  });

  it('saves a new version and activates the flow', async () => {
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForURL((url) => /^\/flows\/[0-9a-f-]+\/edit$/.test(url.pathname));
    await page.getByTestId('save-state').filter({ hasText: /^saved$/i }).waitFor();
    // The new flow's canvas was kept, not reloaded: its history is still there.
    assert.equal(await page.getByRole('button', { name: 'Undo' }).isEnabled(), true);
    // The switch follows the server: it turns on once the activation is accepted.
    await page.getByRole('switch', { name: 'Active' }).click();
    await page.locator('input[role="switch"][data-checked="true"]').waitFor({ state: 'attached' });
    await page.getByTestId('webhook-url').waitFor();
    await page.waitForFunction(() => !document.body.innerText.includes('active only when the flow is on'));
  });

  it('shows the run of a webhook delivery turning the nodes green', async () => {
    const url = await page.getByTestId('webhook-url').getAttribute('data-url');
    const answer = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(ORDER) });
    assert.equal(answer.status, 202);
    for (const id of ['webhook', 'transform', 'http_request']) {
      await node(id).locator('[data-status="succeeded"]').waitFor({ timeout: 60_000 });
    }
    await page.getByTestId('last-run').and(page.locator('[data-status="succeeded"]')).waitFor();
    await selectNode('http_request');
    await page.getByRole('tab', { name: 'Last run' }).click();
    assert.match(await page.getByTestId('step-result').innerText(), /"status": 200/);
    await shot('editor-run');
  });

  it('runs a test with the sample payload, edited, and shows it as the last run', async () => {
    await page.getByRole('button', { name: 'Test run' }).click();
    const payload = page.getByLabel('Trigger payload');
    assert.match(await payload.inputValue(), /"id": 1001/); // prefilled from the trigger's sample
    await payload.fill(JSON.stringify(ORDER));
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.getByTestId('last-run').filter({ hasText: '(test)' }).and(page.locator('[data-status="succeeded"]')).waitFor({ timeout: 60_000 });
  });

  it('exports the flow document', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page
        .getByRole('button', { name: 'More actions' })
        .click()
        .then(() => page.getByRole('menuitem', { name: 'Export JSON' }).click()),
    ]);
    const exported = JSON.parse(readFileSync(await download.path(), 'utf8'));
    assert.equal(exported.name, FLOW_NAME);
    assert.deepEqual(
      exported.nodes.map((n) => n.block),
      ['core.webhook', 'core.transform', 'core.http_request'],
    );
    assert.deepEqual(exported.edges, [
      { from: 'webhook', to: 'transform' },
      { from: 'transform', to: 'http_request' },
    ]);
  });

  it('imports an invalid file and shows the errors', async () => {
    await page.goto(`${BASE_URL}/flows`);
    const invalid = { schema: 1, name: 'Broken', nodes: [{ id: 'send', block: 'core.http_request', config: {} }], edges: [] };
    await page.locator('input[type="file"]').setInputFiles({
      name: 'broken.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(invalid)),
    });
    const errors = page.getByTestId('import-errors');
    await errors.waitFor();
    const text = await errors.innerText();
    assert.match(text, /trigger/);
    assert.match(text, /\/nodes\/0\/config/);
    await page.waitForTimeout(300); // the modal's open transition
    await shot('import-errors');
  });

  it('logged no console errors', () => {
    assert.deepEqual(consoleErrors, []);
  });
});
