// Browser test of the node panel's fields against a running Dovetail: what a field shows is what
// is saved (data-picker inserts, number fields holding expressions, undo, the error port).
//
// Env: BASE_URL, ADMIN_USER, ADMIN_PASSWORD, FLOW_ID (a webhook → send → alert flow made by
// test_editor_fields.py); optional CHROMIUM.
// Run: npm ci && node --test --test-reporter=spec editor-fields.test.mjs
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { openPage } from './browser.mjs';

const BASE_URL = (process.env.BASE_URL ?? 'http://127.0.0.1:8000').replace(/\/+$/, '');
const ADMIN_USER = process.env.ADMIN_USER ?? 'admin';
const ADMIN_PASSWORD = process.env.ADMIN_PASSWORD ?? '';
const FLOW_ID = process.env.FLOW_ID ?? '';

describe('Node panel fields', () => {
  let browser;
  let page;
  let consoleErrors = [];

  const node = (id) => page.locator(`.react-flow__node[data-id="${id}"]`);
  const panel = () => page.getByTestId('node-panel');

  async function selectNode(id) {
    await node(id).click({ position: { x: 60, y: 14 } });
    await panel().waitFor();
  }

  async function save() {
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByTestId('save-state').filter({ hasText: /^saved$/i }).waitFor();
  }

  /** The flow as stored, read with the page's session. */
  async function stored() {
    return page.evaluate(async (id) => (await (await fetch(`/api/flows/${id}/`)).json()).document, FLOW_ID);
  }

  const sendConfig = async () => (await stored()).nodes.find((n) => n.id === 'send').config;

  before(async () => {
    ({ browser, page, consoleErrors } = await openPage({ baseUrl: BASE_URL }));
  });

  after(async () => {
    await browser?.close();
  });

  it('logs in and opens the flow', async () => {
    assert.ok(ADMIN_PASSWORD, 'ADMIN_PASSWORD must be set');
    assert.ok(FLOW_ID, 'FLOW_ID must be set');
    await page.goto(`${BASE_URL}/login`);
    await page.locator('input[name="username"]').fill(ADMIN_USER);
    await page.locator('input[name="password"]').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname !== '/login');
    await page.goto(`${BASE_URL}/flows/${FLOW_ID}/edit`);
    await node('send').waitFor();
  });

  it("inserts a data path into one header's value, at the cursor, keeping the other header", async () => {
    await selectNode('send');
    const shop = page.locator('input[id="node_send_headers_X-Shop"]');
    await shop.click();
    await page.keyboard.press('End');
    await page.getByRole('tab', { name: 'Data' }).click();
    await page.locator('[data-testid="data-path"][data-path="trigger.body.id"]').click();
    await page.getByRole('tab', { name: 'Settings' }).click();
    assert.equal(await shop.inputValue(), 'shop-1{{ trigger.body.id }}');
    await save();
    assert.deepEqual((await sendConfig()).headers, {
      'X-Shop': 'shop-1{{ trigger.body.id }}',
      Authorization: 'Bearer {{ trigger.body.email }}',
    });
  });

  it('shows an expression in a number field and saves the one typed', async () => {
    const timeout = page.locator('#node_send_timeout');
    assert.equal(await timeout.inputValue(), '{{ trigger.body.id }}');
    await timeout.fill('{{ trigger.body.total_price }}');
    await save();
    assert.equal((await sendConfig()).timeout, '{{ trigger.body.total_price }}');
    await timeout.fill('12');
    await save();
    assert.equal((await sendConfig()).timeout, 12);
  });

  it('shows the body undo brings back, and saves that', async () => {
    const body = page.locator('#node_send_body');
    await body.fill('{"a": 3}');
    await page.waitForTimeout(400); // a separate step of history
    await page.getByRole('button', { name: 'Undo' }).click();
    assert.deepEqual(JSON.parse(await body.inputValue()), { a: 2 });
    await save();
    assert.deepEqual((await sendConfig()).body, { a: 2 });
  });

  it('removes the error edge with the error port, says so, and undo brings both back', async () => {
    assert.equal(await page.locator('.react-flow__edge').count(), 2);
    await panel().getByLabel('On failure').click();
    await page.getByRole('option', { name: 'Fail the run' }).click();
    await page.getByTestId('node-panel-notice').waitFor();
    assert.match(await page.getByTestId('node-panel-notice').innerText(), /Removed 1 connection/);
    assert.equal(await page.locator('.react-flow__edge').count(), 1);
    await save();
    assert.deepEqual((await stored()).edges, [{ from: 'webhook', to: 'send' }]);

    await page.getByRole('button', { name: 'Undo' }).click();
    await node('send').locator('.react-flow__handle.source[data-handleid="error"]').waitFor();
    assert.equal(await page.locator('.react-flow__edge').count(), 2);
  });

  it('asks before leaving the editor with unsaved changes', async () => {
    await page.getByRole('link', { name: '← Flows' }).click();
    await page.getByRole('dialog', { name: 'Leave without saving?' }).waitFor();
    await page.getByRole('button', { name: 'Stay' }).click();
    assert.match(new URL(page.url()).pathname, /\/edit$/);
  });

  it('logged no console errors', () => {
    assert.deepEqual(consoleErrors, []);
  });
});
