// What a person sees, checked in a real VS Code (code-server) in headless Chromium:
// the hover, the sidebar tree, the note view with a rendered formula, and the live
// loss chart; in Restricted Mode; and in the browser build (the web worker extension
// host, as on vscode.dev). Screenshots are kept in test-artifacts/.
import * as assert from 'node:assert';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { Workbench, type WorkbenchOptions, projectRoot } from '../runners/workbench';

// Callbacks passed to page.evaluate run in the browser; they only need the DOM's names.
// Callbacks passed to page.evaluate run in the browser; this project compiles without the DOM library.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
declare const document: any;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
declare const window: any;

let workbench: Workbench;
let page: Page;

/**
 * Opens the quick input with `key` (F1, Ctrl+P) and types `text`. A quick input that is still closing, or a
 * keypress that went to a webview, leaves the box inert for a moment: then it tries again, as a person would.
 */
async function quickInput(key: string, text: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press(key);
    try {
      await input.waitFor({ state: 'visible', timeout: 5000 });
      await input.fill(text, { timeout: 5000 });
      return;
    } catch (error) {
      if (attempt === 3) throw error;
      await page.keyboard.press('Escape');
      await page.waitForTimeout(500);
    }
  }
}

async function runCommand(title: string, pick?: string): Promise<void> {
  await quickInput('F1', `>${title}`);
  await page.locator('.quick-input-list .monaco-list-row').first().waitFor();
  await page.keyboard.press('Enter');
  if (pick) {
    // The command opens its own picker: type into it once it has replaced the palette (empty input).
    await page.waitForFunction(() => document.querySelector('.quick-input-widget input')?.value === '');
    await page.keyboard.type(pick);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: pick }).first().waitFor();
    await page.keyboard.press('Enter');
  }
}

async function openFile(name: string): Promise<void> {
  await quickInput('Control+P', name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator(`.tab.active[aria-label*="${name}"]`).waitFor();
}

/** Moves the cursor (and the view) to a line of the active editor. */
async function goToLine(line: number): Promise<void> {
  await page
    .locator('.editor-group-container.active .monaco-editor .view-lines')
    .first()
    .click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`:${line}`);
  await page.keyboard.press('Enter');
  await page.waitForFunction(
    (n: number) =>
      document
        .querySelector('.statusbar [aria-label*="Ln"], .statusbar-item[id*="selection"]')
        ?.textContent?.includes(`Ln ${n},`),
    line,
  );
}

/** Screen position of `word` on the rendered editor line that contains `lineText` (Monaco renders spaces as U+00A0). */
async function characterPosition(lineText: string, word: string): Promise<{ x: number; y: number } | undefined> {
  return page.evaluate(
    ([line, target]: string[]) => {
      for (const view of document.querySelectorAll('.view-line')) {
        const text = (view.textContent ?? '').replace(/\u00a0/g, ' ');
        if (!text.includes(line)) continue;
        let offset = text.indexOf(line) + line!.indexOf(target!) + 1;
        const walker = document.createTreeWalker(view, 4 /* text nodes */);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          if (offset < node.textContent.length) {
            const range = document.createRange();
            range.setStart(node, offset);
            range.setEnd(node, offset + 1);
            const rect = range.getBoundingClientRect();
            return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
          }
          offset -= node.textContent.length;
        }
      }
      return undefined;
    },
    [lineText, word],
  );
}

/**
 * The notification that contains `text`, as the notification center lists it (this build of the workbench
 * shows no toasts when driven headless; the bell's list is where a person finds the message).
 */
async function notification(text: string | RegExp) {
  if (!(await page.locator('.notifications-center').isVisible())) await runCommand('Notifications: Show Notifications');
  const item = page.locator('.notifications-center .notification-list-item', { hasText: text }).first();
  await item.waitFor({ state: 'visible', timeout: 30_000 });
  return item;
}

/** Clears and closes the notification center. */
async function clearNotifications(): Promise<void> {
  await runCommand('Notifications: Clear All Notifications');
  if (await page.locator('.notifications-center').isVisible()) await runCommand('Notifications: Hide Notifications');
}

/** Words that mean a value went missing on its way to the screen. */
const MISSING_VALUE = /(^|[\s:(,])(null|NaN|undefined)($|[\s).,:])/;

/**
 * Visible text in `selectors` of a webview that reads null, NaN or undefined. Prose may say "NaN" on purpose,
 * so `exactIn` is searched only for text that is nothing else (outside code and maths).
 */
async function missingValues(frame: Frame, selectors: string, exactIn?: string): Promise<string[]> {
  return frame.evaluate(
    ([within, exact, pattern]: string[]) => {
      const found: string[] = [];
      const visible = (el: { closest(s: string): unknown; getClientRects(): { length: number } }) =>
        !el.closest('[hidden]') && el.getClientRects().length > 0;
      const search = (root: unknown, test: (text: string) => boolean) => {
        const walker = document.createTreeWalker(root, 4 /* text nodes */);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const parent = node.parentElement;
          if (parent && visible(parent) && !parent.closest('code, pre, math') && test(node.textContent.trim()))
            found.push(node.textContent.trim());
        }
      };
      for (const root of document.querySelectorAll(within)) search(root, (t) => new RegExp(pattern!).test(t));
      if (exact)
        for (const root of document.querySelectorAll(exact)) search(root, (t) => /^(null|NaN|undefined)$/.test(t));
      return found;
    },
    [selectors, exactIn ?? '', MISSING_VALUE.source],
  );
}

/** The webview frame whose document contains `selector`. */
async function webviewFrame(selector: string, timeoutMs = 30_000): Promise<Frame> {
  const started = Date.now();
  for (;;) {
    for (const frame of page.frames()) {
      if (await frame.$(selector).catch(() => null)) return frame;
    }
    if (Date.now() - started > timeoutMs) throw new Error(`no webview shows ${selector}`);
    await page.waitForTimeout(200);
  }
}

/** Hovers nn.LayerNorm in gpt_model.py, checks what the hover says, and takes a screenshot named `name`. */
async function hoverLayerNorm(name: string): Promise<void> {
  await openFile('gpt_model.py');
  await goToLine(66);
  const hover = page.locator('.monaco-hover', { hasText: 'Layer Normalization' });
  for (let attempt = 0; attempt < 10 && !(await hover.isVisible()); attempt++) {
    const point = await characterPosition('self.ln_1 = nn.LayerNorm', 'LayerNorm');
    if (point) {
      // Enter the word from outside, as a person's pointer does.
      await page.mouse.move(point.x, point.y + 40);
      await page.mouse.move(point.x, point.y, { steps: 4 });
    }
    await hover.waitFor({ state: 'visible', timeout: 2500 }).catch(() => undefined);
  }
  await hover.waitFor({ state: 'visible' });
  const text = await hover.innerText();
  assert.match(text, /Batch normalization depends on batch statistics/);
  assert.match(text, /Open note/);
  assert.match(text, /Insert snippet/);
  assert.match(text, /torch\.nn\.LayerNorm/);
  await workbench.screenshot(name);
  await page.keyboard.press('Escape');
}

/**
 * Opens a workbench on test/fixtures for the tests of a describe block, ready when the Deep Learning Notes view
 * is in the activity bar; a failed test leaves a screenshot named with `prefix`; `cleanUp` runs after closing.
 */
function useWorkbench(options: Partial<WorkbenchOptions>, prefix: string, cleanUp?: () => void): void {
  before(async function () {
    this.timeout(120_000);
    workbench = await Workbench.open({
      workspace: join(projectRoot, 'test/fixtures'),
      viewport: { width: 1500, height: 950 },
      ...options,
    });
    page = workbench.page;
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.locator('.activitybar [aria-label*="Deep Learning Notes"]').first().waitFor({ timeout: 60_000 });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed')
      await workbench.screenshot(`${prefix}${this.currentTest.title.replace(/\W+/g, '-').slice(0, 50)}`);
  });

  after(async () => {
    await workbench?.close();
    cleanUp?.();
  });
}

describe('what a user sees (headless Chromium + code-server)', function () {
  // Where the export test's save dialog would have written had it not been given /proc.
  useWorkbench({}, 'failed-', () => rmSync(join(projectRoot, 'test/fixtures/loss-curve.csv'), { force: true }));

  it('shows the hover over nn.LayerNorm', async () => {
    await hoverLayerNorm('hover-layernorm');
  });

  it('shows the linked-notes tree in its own sidebar', async () => {
    await page.locator('.activitybar [aria-label*="Deep Learning Notes"]').first().click();
    const tree = page.locator('.pane-body [role="tree"]').filter({ hasText: 'Architectures' });
    await tree.waitFor();
    for (const topic of ['Architectures', 'Normalization & Regularization', 'Optimization & Training']) {
      await page.locator('.monaco-list-row', { hasText: topic }).first().waitFor();
    }
    const layerNorm = page.locator('.monaco-list-row', { hasText: 'Layer Normalization' }).first();
    await layerNorm.locator('.monaco-tl-twistie').click();
    await page.locator('.monaco-list-row', { hasText: 'Backlinks' }).first().waitFor();
    await workbench.screenshot('tree');
  });

  it('opens a note with its formula rendered, and follows a link to another note and back', async () => {
    await page.locator('.monaco-list-row', { hasText: 'Layer Normalization' }).first().locator('.label-name').click();
    const frame = await webviewFrame('#content h1');
    const showing = (title: string) =>
      frame.waitForFunction((t: string) => document.querySelector('#content h1')?.textContent === t, title);
    await showing('Layer Normalization');
    const widths: number[] = await frame.evaluate(() =>
      [...document.querySelectorAll('math')].map(
        (m: { getBoundingClientRect(): { width: number } }) => m.getBoundingClientRect().width,
      ),
    );
    assert.ok(widths.length >= 3 && widths.every((w) => w > 0), `formulas rendered: ${widths.join(', ')}`);
    // x ∈ \mathbb{R}^H shows a double-struck R, not a plain one (MathML Core ignores mathvariant).
    const mathText: string = await frame.evaluate(() =>
      [...document.querySelectorAll('math mi')].map((m) => m.textContent).join(''),
    );
    assert.ok(mathText.includes('ℝ'), `the letters of the formulas: ${mathText.slice(0, 200)}`);
    // The CSP admits only our nonce'd script: an injected inline script must not run.
    const injectedRan = await frame.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.injected = 1';
      document.body.append(script);
      return window.injected === 1;
    });
    assert.strictEqual(injectedRan, false, 'inline scripts are blocked');
    await workbench.screenshot('note-view');
    assert.deepStrictEqual(
      await missingValues(frame, '.note-header, .references, .backlinks, .toolbar', '.note-body'),
      [],
      'no visible text of the note view reads null, NaN or undefined',
    );
    await frame.click('a[data-note="normalization"]');
    await showing('Normalization');
    await frame.click('#back');
    await showing('Layer Normalization');
  });

  it('streams a demo into the live loss chart, with a legend and the backend', async () => {
    await runCommand('Deep Learning: Run Demo', 'LayerNorm');
    const frame = await webviewFrame('#chart');
    await frame.waitForFunction(() => Number(document.getElementById('chart').dataset.points) > 50, undefined, {
      timeout: 60_000,
    });
    await frame.waitForFunction(() => document.querySelector('.run .badge')?.textContent === 'completed', undefined, {
      timeout: 90_000,
    });
    const legend: string[] = await frame.evaluate(() =>
      [...document.querySelectorAll('.u-legend .u-series th')]
        .map((c: { textContent: string }) => c.textContent.trim())
        .filter(Boolean),
    );
    assert.ok(legend.length >= 2, `one legend entry per variant: ${legend.join(', ')}`);
    assert.match(await frame.innerText('.run .backend'), /Backend: (WebAssembly|tfjs-node)/);
    const drawnPixels: number = await frame.evaluate(() => {
      const canvas = document.querySelector('#chart canvas');
      const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      let drawn = 0;
      for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) drawn++;
      return drawn;
    });
    assert.ok(drawnPixels > 1000, `chart canvas has ${drawnPixels} drawn pixels`);
    await workbench.screenshot('loss-chart');
  });

  it('comes back intact after the chart is hidden and shown again', async () => {
    const frame = await webviewFrame('#chart');
    const before = Number(await frame.getAttribute('#chart', 'data-points'));
    // Open a file in the chart's editor group: the chart's tab is hidden, its webview discarded.
    await page.locator('.tab', { hasText: 'Loss Curve' }).click();
    await openFile('notes.md');
    assert.strictEqual(await page.locator('.tab.active', { hasText: 'Loss Curve' }).count(), 0, 'the chart is hidden');
    await page.locator('.tab', { hasText: 'Loss Curve' }).click();
    const again = await webviewFrame('#chart');
    await again.waitForFunction((n: number) => Number(document.getElementById('chart').dataset.points) === n, before, {
      timeout: 30_000,
    });
    assert.match(await again.innerText('.run .badge'), /completed/);
  });

  it('smooths, switches to a log axis and shows a step/loss tooltip', async () => {
    const frame = await webviewFrame('#chart');
    const setSmoothing = (value: string) =>
      frame.evaluate((v: string) => {
        const slider = document.getElementById('smoothing');
        slider.value = v;
        slider.dispatchEvent(new window.Event('input', { bubbles: true }));
      }, value);
    await setSmoothing('0.9');
    await frame.waitForFunction(() =>
      [...document.querySelectorAll('.u-legend .u-series th')].some((c: { textContent: string }) =>
        c.textContent.includes('(raw)'),
      ),
    );
    // The axes are drawn on the canvas: record every text drawn, to read the tick labels a person sees.
    await frame.evaluate(() => {
      const proto = window.CanvasRenderingContext2D.prototype;
      const fillText = proto.fillText;
      window.drawnTexts = [];
      proto.fillText = function (text: unknown, ...rest: unknown[]) {
        window.drawnTexts.push(String(text));
        return fillText.call(this, text, ...rest);
      };
    });
    await frame.locator('#logScale').check();
    await frame.waitForFunction(() => document.getElementById('chart').dataset.scale === 'log');
    await frame.waitForFunction(() => window.drawnTexts.length > 5);
    const drawn: string[] = await frame.evaluate(() => window.drawnTexts);
    assert.ok(
      drawn.some((t) => /^\d/.test(t)),
      `tick labels drawn: ${drawn.join(' | ')}`,
    );
    assert.deepStrictEqual(
      drawn.filter((t) => MISSING_VALUE.test(t)),
      [],
      'no label on the log axis reads null, NaN or undefined',
    );
    assert.deepStrictEqual(await missingValues(frame, 'body'), [], 'nor any visible text of the chart');
    const over = frame.locator('#chart .u-over');
    const box = (await over.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5, { steps: 5 });
    await frame.locator('#tooltip:not([hidden])').waitFor();
    assert.match(await frame.innerText('#tooltip'), /^step \d+\n.+: \d/);
    await workbench.screenshot('loss-chart-smoothed-log');
    await frame.locator('#logScale').uncheck();
    await setSmoothing('0');
  });

  it('says why an export failed, instead of failing silently', async () => {
    const frame = await webviewFrame('#chart');
    await frame.click('#exportCsv');
    // The save dialog of VS Code in a browser: a path box, filled in with the default once it is ready.
    // /proc takes no new files, so saving there fails.
    await page.waitForFunction(() =>
      document.querySelector('.quick-input-widget input')?.value?.endsWith('loss-curve.csv'),
    );
    await page.locator('.quick-input-widget input').fill('/proc/loss-curve.csv');
    // The dialog reads a typed path asynchronously; Enter before it has would save to the default path.
    await page.waitForTimeout(1500);
    await page.keyboard.press('Enter');
    await notification('could not save the loss curve as CSV to /proc/loss-curve.csv');
    await workbench.screenshot('loss-chart-export-failed');
    await clearNotifications();
  });

  it('marks where a run diverged (NaN/Infinity) and says so', async () => {
    await openFile('diverge.js');
    await runCommand('Deep Learning: Run Snippet in Sandbox');
    const frame = await webviewFrame('#chart');
    await frame.waitForFunction(() => document.querySelector('.run .badge')?.textContent === 'diverged', undefined, {
      timeout: 60_000,
    });
    await frame.waitForFunction(() => document.getElementById('chart').dataset.divergedMarkers === '1');
    assert.match(await frame.innerText('.run .summary'), /The loss became Infinity at step 245/);
    await workbench.screenshot('loss-chart-diverged');
  });
});

// A newcomer's first start: `npm start` opens the example folder in Restricted Mode. The built-in demos are
// the extension's own code and run there; commands that run the folder's code stay visible and say what to do.
describe('what a user sees in Restricted Mode (an untrusted folder)', function () {
  useWorkbench(
    {
      trusted: false,
      // Your own notes come from user settings, which apply in Restricted Mode too; this folder has a broken link.
      settings: { 'deepLearningNotes.notes.folders': [join(projectRoot, 'test/fixtures/broken-notes')] },
    },
    'failed-restricted-',
  );

  it('offers "Run Demo…" in the Command Palette, and runs the demo', async () => {
    await quickInput('F1', '>Deep Learning: Run Demo');
    const first = page.locator('.quick-input-list .monaco-list-row').first();
    await first.waitFor();
    assert.match(await first.innerText(), /Deep Learning: Run Demo…/);
    await page.keyboard.press('Escape');
    await runCommand('Deep Learning: Run Demo', 'LayerNorm');
    const frame = await webviewFrame('#chart');
    await frame.waitForFunction(() => document.querySelector('.run .badge')?.textContent === 'completed', undefined, {
      timeout: 90_000,
    });
    assert.ok(Number(await frame.getAttribute('#chart', 'data-points')) > 50);
    await workbench.screenshot('restricted-demo');
  });

  it('keeps "Run Snippet in Sandbox" and, asked to run the folder\'s code, offers to trust the folder', async () => {
    await openFile('train_small.ts');
    await runCommand('Deep Learning: Run Snippet in Sandbox');
    const message = await notification('needs a trusted workspace');
    await workbench.screenshot('restricted-run-snippet');
    await message.locator('.monaco-button', { hasText: 'Manage Workspace Trust' }).click();
    // VS Code's Workspace Trust editor opens over the workbench, with its Trust button.
    const trust = page.locator('.monaco-modal-editor-block', { hasText: 'You are in Restricted Mode' });
    await trust.waitFor();
    await trust.locator('.monaco-button', { hasText: /^Trust$/ }).waitFor();
    await workbench.screenshot('restricted-trust-editor');
    // Leave it untrusted: close the Workspace Trust editor (it takes the keyboard while open).
    await page.keyboard.press('Escape');
    if (await trust.isVisible()) await trust.locator('[aria-label^="Close"]').first().click();
    await trust.waitFor({ state: 'hidden' });
    await clearNotifications();
  });

  it('says so when a note links to a note that does not exist', async () => {
    // The tree is long: filter it down to the note, as a person would.
    await page.locator('.activitybar [aria-label*="Deep Learning Notes"]').first().click();
    await runCommand('Deep Learning: Filter Notes');
    await page.waitForFunction(() => document.querySelector('.quick-input-widget input')?.value === '');
    await page.keyboard.type('cutout');
    await page.keyboard.press('Enter');
    await page.locator('.monaco-list-row', { hasText: 'Cutout' }).first().locator('.label-name').click();
    const frame = await webviewFrame('a[data-note="no-such-note"]');
    await frame.click('a[data-note="no-such-note"]');
    await notification('there is no note "no-such-note"');
    await workbench.screenshot('note-view-missing-note');
  });
});

// The browser build: the extension's "browser" entry in VS Code's web worker extension host, as vscode.dev and
// github.dev run it (code-server's workbench, told by a user setting to run it there). What a person sees is the
// same; a run trains in a Worker of the chart's page and its header says so.
describe('what a user sees in the browser build (the web worker extension host)', function () {
  useWorkbench({ extensionHost: 'web' }, 'failed-web-');

  it('shows the hover over nn.LayerNorm', async () => {
    await hoverLayerNorm('web-hover-layernorm');
  });

  it('opens a note with its formulas rendered', async () => {
    await runCommand('Deep Learning: Open Note', 'Layer Normalization');
    const frame = await webviewFrame('#content h1');
    await frame.waitForFunction(() => document.querySelector('#content h1')?.textContent === 'Layer Normalization');
    const widths: number[] = await frame.evaluate(() =>
      [...document.querySelectorAll('math')].map(
        (m: { getBoundingClientRect(): { width: number } }) => m.getBoundingClientRect().width,
      ),
    );
    assert.ok(widths.length >= 3 && widths.every((w) => w > 0), `formulas rendered: ${widths.join(', ')}`);
    await workbench.screenshot('web-note-view');
  });

  it('draws the loss curve live while a demo trains in the browser, and says where it trained', async () => {
    await runCommand('Deep Learning: Run Demo', 'LayerNorm');
    const frame = await webviewFrame('#chart');
    const running = () => frame.evaluate(() => document.querySelector('.run .badge')?.textContent === 'running…');
    const points = async () => Number(await frame.getAttribute('#chart', 'data-points'));
    await frame.waitForFunction(() => Number(document.getElementById('chart').dataset.points) > 20, undefined, {
      timeout: 60_000,
    });
    const early = await points();
    assert.ok(await running(), 'still training');
    assert.match(
      await page.locator('.statusbar').innerText(),
      /Training in the browser \(WebAssembly\) — Stop/,
      'the status bar says where it trains',
    );
    await workbench.screenshot('web-loss-chart-live');
    await frame.waitForFunction((n: number) => Number(document.getElementById('chart').dataset.points) > n, early);
    assert.match(await frame.innerText('.run .backend'), /Backend: in the browser \(WebAssembly\), tfjs 4\.22\.0/);
    await frame.waitForFunction(() => document.querySelector('.run .badge')?.textContent === 'completed', undefined, {
      timeout: 90_000,
    });
    assert.ok((await points()) > early, 'points kept arriving after the first look');
    await workbench.screenshot('web-loss-chart');
  });
});
