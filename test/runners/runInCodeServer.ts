// Runs the integration suites (test/integration) inside the extension host of a
// real VS Code, served by code-server and loaded in headless Chromium.
// The exit code is the one the suites report through the smoke-test driver.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Workbench, artifactsDir, delay, projectRoot } from './workbench';

const LOG_MARKER = '@@dln@@';

const timeoutMs = Number(process.env.DLN_INTEGRATION_TIMEOUT_MS ?? 15 * 60_000);

/** Suites run twice: in a trusted workspace (everything but "@untrusted"), then in Restricted Mode ("@untrusted" only). */
async function main(): Promise<number> {
  const trusted = await runSuites(true);
  const untrusted = await runSuites(false);
  return trusted !== 0 ? trusted : untrusted;
}

async function runSuites(trusted: boolean): Promise<number> {
  const started = Date.now();
  const grep = process.env.DLN_GREP;
  const label = trusted ? 'trusted workspace' : 'Restricted Mode';
  console.log(`\n— ${label} —`);
  mkdirSync(artifactsDir, { recursive: true });
  const logFile = join(artifactsDir, `integration-workbench-${trusted ? 'trusted' : 'restricted'}.log`);
  writeFileSync(logFile, '');
  const workbench = await Workbench.open({
    workspace: join(projectRoot, 'test/fixtures'),
    trusted,
    extensionTestsPath: join(projectRoot, 'out/test/integration/index.js'),
    extensionEnvironment: {
      DLN_TEST_MODE: 'code-server',
      DLN_TRUST: trusted ? 'trusted' : 'untrusted',
      ...(grep ? { DLN_GREP: grep } : {}),
    },
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
      await workbench.screenshot(`integration-failure-${trusted ? 'trusted' : 'restricted'}`).catch(() => undefined);
      console.log(`workbench log: ${logFile}; screenshot in ${artifactsDir}`);
    }
    console.log(
      `integration tests (${label}) ${code === 0 ? 'passed' : `FAILED (code ${code})`} in ${((Date.now() - started) / 1000).toFixed(1)} s (code-server)`,
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
