/**
 * What a person does in the Temporal Web UI (v2.42, bundled with CLI v1.5.1), as steps a test
 * can take: the README's "Operate from the Temporal Web UI" section, click for click. Selectors
 * are the roles and labels a person sees; the JSON editors are CodeMirror, which has no label.
 */
import type { Locator, Page } from 'playwright-core';

const STEP_TIMEOUT_MS = 30_000;

export interface StartForm {
  workflowId: string;
  taskQueue: string;
  workflowType: string;
  /** Typed into the form's Data editor as is. */
  input: string;
  /** The form's "More options" -> User Metadata -> Summary. */
  summary?: string;
}

export function workflowsUrl(uiUrl: string, namespace: string, query?: string): string {
  const list = `${uiUrl}/namespaces/${encodeURIComponent(namespace)}/workflows`;
  return query === undefined ? list : `${list}?query=${encodeURIComponent(query)}`;
}

/** Signs in on the codec server's own page, so the UI's calls to it carry the session cookie. */
export async function signInToCodecServer(page: Page, codecUrl: string, token: string): Promise<void> {
  await page.goto(`${codecUrl}/login`);
  await page.getByLabel('Codec server token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText('Signed in.').waitFor({ timeout: STEP_TIMEOUT_MS });
}

/** The UI's codec server panel: this browser's endpoint, sending the sign-in cookie. */
export async function useCodecServer(page: Page, uiUrl: string, namespace: string, codecUrl: string): Promise<void> {
  await page.goto(workflowsUrl(uiUrl, namespace));
  // Named by state: "Codec Server is configured" once the server passed --ui-codec-endpoint.
  await page.getByRole('button', { name: /^(Configure Codec Server|Codec Server is configured)$/ }).click();
  // With the cluster-level endpoint (npm start's --ui-codec-endpoint) the UI never sends
  // credentials; only the browser setting can, so choose it even for the same endpoint.
  await page.getByRole('button', { name: /^Use Cluster-level setting/ }).click();
  await page.getByText('Use my browser setting and ignore Cluster-level setting.', { exact: true }).click();
  // Fold the choice away again: open, it pushes the switches under the sticky top bar.
  await page.getByRole('button', { name: /^Use my browser setting/ }).click();
  await page.getByRole('textbox', { name: 'Codec Server browser endpoint' }).fill(codecUrl);
  const credentials = page.getByRole('switch', { name: 'Include cross-origin credentials' });
  // The switch's input is visually hidden; a person clicks its label.
  await page.getByText('Include cross-origin credentials', { exact: true }).click();
  if (!(await credentials.isChecked())) throw new Error('the "Include cross-origin credentials" switch did not turn on');
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.getByRole('button', { name: 'Apply' }).waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS });
}

/** Fills a CodeMirror JSON editor, then leaves it: it reformats on blur and moves what follows. */
async function fillJsonEditor(scope: Locator, json: string): Promise<void> {
  const editor = scope.locator('.cm-content').first();
  await editor.fill(json);
  await editor.blur();
}

/**
 * Workflows list -> "Start Workflow" -> the form -> "Start Workflow". Resolves once the server
 * has answered the UI's start request, and fails with its answer when it was refused.
 */
export async function startWorkflowFromForm(
  page: Page,
  uiUrl: string,
  namespace: string,
  form: StartForm,
  /** Called with the form filled in, before it is sent (for screenshots). */
  onFilled?: () => Promise<void>,
): Promise<void> {
  await page.goto(workflowsUrl(uiUrl, namespace));
  await page.getByRole('button', { name: 'Start Workflow' }).click();
  const main = page.getByRole('main');
  await main.getByRole('heading', { name: 'Start a Workflow' }).waitFor({ timeout: STEP_TIMEOUT_MS });
  await main.getByRole('textbox', { name: 'Workflow ID' }).fill(form.workflowId);
  const taskQueue = main.getByRole('textbox', { name: 'Task Queue' });
  await taskQueue.fill(form.taskQueue);
  // On leaving the field the UI looks for the queue's pollers: "active" proves a worker listens.
  await taskQueue.blur();
  await main.getByText('Task Queue is Active').waitFor({ timeout: STEP_TIMEOUT_MS });
  await main.getByRole('textbox', { name: 'Workflow Type' }).fill(form.workflowType);
  await fillJsonEditor(main, form.input);
  if (form.summary !== undefined) {
    await main.getByRole('button', { name: 'More options' }).click();
    // A markdown editor (CodeMirror) right after its "Summary" label, which does not name it.
    const summary = main.locator('label[for="summary"] + div [contenteditable="true"]');
    await summary.fill(form.summary);
    await summary.blur();
  }
  if (onFilled) {
    await main.getByRole('heading', { name: 'Start a Workflow' }).scrollIntoViewIfNeeded();
    await onFilled();
  }
  const answered = page.waitForResponse(
    (response) => response.request().method() === 'POST' && response.url().includes(`/workflows/${encodeURIComponent(form.workflowId)}`),
    { timeout: STEP_TIMEOUT_MS },
  );
  await main.getByRole('button', { name: 'Start Workflow' }).click();
  const response = await answered;
  if (!response.ok()) throw new Error(`the UI's start was refused (${response.status()}): ${await response.text()}`);
  await page.getByText('Workflow started').first().waitFor({ timeout: STEP_TIMEOUT_MS });
}

/**
 * Reloads the page until `target` shows: list pages do not refresh themselves, and a workflow
 * page refreshes on its own schedule.
 */
export async function reloadUntilVisible(page: Page, target: Locator, what: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await target.first().waitFor({ state: 'visible', timeout: 5_000 });
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`the Web UI never showed ${what} (page ${page.url()})`);
      await page.reload();
    }
  }
}

/** The workflows page filtered by `query`, reloaded until it lists `workflowId`. */
export async function showListed(page: Page, uiUrl: string, namespace: string, query: string, workflowId: string): Promise<void> {
  await page.goto(workflowsUrl(uiUrl, namespace, query));
  await reloadUntilVisible(page, listedLink(page, workflowId), `${workflowId} listed under ${query}`);
}

/** From the workflows list to the workflow's own page. */
export async function openListedWorkflow(page: Page, workflowId: string): Promise<void> {
  await listedLink(page, workflowId).first().click();
  await page.getByRole('heading', { level: 1, name: workflowId }).waitFor({ timeout: STEP_TIMEOUT_MS });
}

function listedLink(page: Page, workflowId: string): Locator {
  return page.getByRole('main').getByRole('link', { name: workflowId, exact: true });
}

/** Workflow page -> "More Actions" -> "Send a Signal" -> pick the signal, type its JSON -> Submit. */
export async function sendSignal(page: Page, signalName: string, json: string, onFilled?: () => Promise<void>): Promise<void> {
  await page.getByRole('button', { name: 'More Actions' }).click();
  await page.getByRole('menuitem', { name: 'Send a Signal' }).click();
  const dialog = page.getByRole('dialog', { name: 'Send a Signal' });
  await dialog.getByRole('button', { name: 'Select a signal' }).click();
  // The UI lists the signals the workflow itself declares (its metadata query).
  await dialog.getByRole('option', { name: signalName, exact: true }).click();
  await fillJsonEditor(dialog, json);
  await onFilled?.();
  const answered = page.waitForResponse(
    (response) => response.request().method() === 'POST' && response.url().includes('/signal/'),
    { timeout: STEP_TIMEOUT_MS },
  );
  await dialog.getByRole('button', { name: 'Submit' }).click();
  const response = await answered;
  if (!response.ok()) throw new Error(`the UI's signal was refused (${response.status()}): ${await response.text()}`);
  await dialog.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS });
}

/** A tab of the workflow page: "History", "Queries", "User Metadata", "Search Attributes", ... */
export async function openWorkflowTab(page: Page, tab: string): Promise<void> {
  await page.getByRole('tab', { name: new RegExp(`^${tab}\\b`) }).click();
}

/** Workflow page -> "Queries" -> the named query -> "Run Query"; resolves once it answered. */
export async function runQuery(page: Page, queryName: string): Promise<void> {
  await openWorkflowTab(page, 'Queries');
  const main = page.getByRole('main');
  // The UI preselects the workflow's first query; pick ours only when it is not the one shown.
  const queryType = main.getByRole('textbox', { name: 'Query Type' });
  if ((await queryType.inputValue({ timeout: STEP_TIMEOUT_MS })) !== queryName) {
    await main.getByRole('button', { name: await queryType.inputValue() }).click();
    await page.getByRole('option', { name: queryName, exact: true }).click();
  }
  const answered = page.waitForResponse(
    (response) => response.request().method() === 'POST' && response.url().includes(`/query/${queryName}`),
    { timeout: STEP_TIMEOUT_MS },
  );
  await main.getByRole('button', { name: 'Run Query' }).click();
  const response = await answered;
  if (!response.ok()) throw new Error(`the UI's query was refused (${response.status()}): ${await response.text()}`);
}

/**
 * Waits until the "User Metadata" tab shows `text` in its Summary, Details or Current Details:
 * each is markdown the UI renders into its own iframe, in an order the UI may change.
 */
export async function userMetadataShows(page: Page, text: string, timeoutMs = STEP_TIMEOUT_MS): Promise<void> {
  const rendered = page.getByRole('main').locator('iframe[title="output"]');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const count = await rendered.count();
    for (let index = 0; index < count; index += 1) {
      if ((await rendered.nth(index).contentFrame().getByText(text).count()) > 0) return;
    }
    if (Date.now() > deadline) throw new Error(`the User Metadata tab never showed "${text}"`);
    await page.waitForTimeout(250);
  }
}
