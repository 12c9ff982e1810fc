// The runner runs the suites twice: in the Node extension host, then in the browser's web worker
// (the extension's "browser" build, as vscode.dev and github.dev run it). Each pass checks that the
// extension and the suites really are where that pass says, so a web pass that quietly ran in Node
// (or not at all) fails here.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { EXTENSION_ID, activate, expectedHost } from './helpers';

describe('the extension host', () => {
  it('is the one this pass expects: a Node process, or a browser web worker without one', async () => {
    const api = await activate();
    const host = expectedHost();
    assert.strictEqual(api.services.platform.kind, host, 'the entry point that ran (main or browser)');
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    if (host === 'web') {
      assert.strictEqual(typeof process, 'undefined', 'no Node process object in a web worker');
      assert.strictEqual(typeof (globalThis as { importScripts?: unknown }).importScripts, 'function', 'a worker');
      assert.strictEqual(vscode.env.uiKind, vscode.UIKind.Web, 'the web UI');
      assert.strictEqual(extension.extensionKind, vscode.ExtensionKind.UI, 'runs beside the UI, not remotely');
    } else {
      assert.strictEqual(typeof process.versions.node, 'string', 'a Node process');
    }
  });
});
