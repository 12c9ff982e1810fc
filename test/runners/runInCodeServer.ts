// Runs the integration suites (test/integration) inside the extension host of a real VS Code,
// served by code-server and loaded in headless Chromium: in the Node extension host (trusted, then
// Restricted Mode), then once more in the browser's web worker extension host with the extension's
// "browser" build, as vscode.dev and github.dev run it.
// The exit code is the one the suites report through the smoke-test driver.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleWebSuites } from './webSuites';
import { Workbench, artifactsDir, delay, projectRoot } from './workbench';

const LOG_MARKER = '@@dln@@';

const timeoutMs = Number(process.env.DLN_INTEGRATION_TIMEOUT_MS ?? 15 * 60_000);

interface Pass {
  /** Shown in the output and used in artifact names. */
  name: string;
  label: string;
  trusted: boolean;
  host: 'node' | 'web';
}

const PASSES: Pass[] = [
  { name: 'trusted', label: 'trusted workspace', trusted: true, host: 'node' },
  { name: 'restricted', label: 'Restricted Mode', trusted: false, host: 'node' },
  { name: 'web', label: 'web worker extension host (browser build)', trusted: true, host: 'web' },
];

/** DLN_HOSTS=node or web runs only that host's passes. */
async function main(): Promise<number> {
  const hosts = process.env.DLN_HOSTS?.split(',');
  let result = 0;
  for (const pass of PASSES.filter((p) => !hosts || hosts.includes(p.host))) {
    const code = await runPass(pass);
    if (result === 0) result = code;
  }
  return result;
}

async function runPass(pass: Pass): Promise<number> {
  const started = Date.now();
  const grep = process.env.DLN_GREP;
  console.log(`\n— ${pass.label} —`);
  mkdirSync(artifactsDir, { recursive: true });
  const logFile = join(artifactsDir, `integration-workbench-${pass.name}.log`);
  writeFileSync(logFile, '');
  const extensionTestsPath =
    pass.host === 'web' ? await bundleWebSuites() : join(projectRoot, 'out/test/integration/index.js');
  const workbench = await Workbench.open({
    workspace: join(projectRoot, 'test/fixtures'),
    trusted: pass.trusted,
    extensionHost: pass.host,
    extensionTestsPath,
    // The Node host's suites read the environment; a web worker has none, so they also get settings.
    extensionEnvironment: {
      DLN_TEST_MODE: 'code-server',
      DLN_TRUST: pass.trusted ? 'trusted' : 'untrusted',
      ...(grep ? { DLN_GREP: grep } : {}),
    },
    settings: { 'deepLearningNotesTests.host': pass.host, ...(grep ? { 'deepLearningNotesTests.grep': grep } : {}) },
    // Suite output goes to the terminal; the workbench's own chatter goes to a log artifact.
    onLog: (line, type) => {
      appendFileSync(logFile, `[${type}] ${line}\n`);
      if (line.startsWith(LOG_MARKER)) process.stdout.write(`${line.slice(LOG_MARKER.length)}\n`);
    },
  });
  try {
    const code = await Promise.race([
      workbench.testsExitCode(),
      delay(timeoutMs).then(() => {
        console.error(`integration tests did not finish within ${timeoutMs / 1000} s`);
        return 124;
      }),
    ]);
    if (code !== 0) {
      await workbench.screenshot(`integration-failure-${pass.name}`).catch(() => undefined);
      console.log(`workbench log: ${logFile}; screenshot in ${artifactsDir}`);
    }
    console.log(
      `integration tests (${pass.label}) ${code === 0 ? 'passed' : `FAILED (code ${code})`} in ${((Date.now() - started) / 1000).toFixed(1)} s (code-server)`,
    );
    return code;
  } finally {
    await workbench.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
