// Runs the same integration suites in desktop VS Code through @vscode/test-electron,
// the ecosystem's standard launcher. It downloads VS Code, so it needs internet;
// offline machines use runInCodeServer.ts (what `npm test` runs).
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { projectRoot } from './workbench';

async function main(): Promise<void> {
  await runTests({
    version: process.env.VSCODE_VERSION ?? 'stable',
    extensionDevelopmentPath: projectRoot,
    extensionTestsPath: join(projectRoot, 'out/test/integration/index.js'),
    extensionTestsEnv: {
      DLN_TEST_MODE: 'electron',
      ...(process.env.DLN_GREP ? { DLN_GREP: process.env.DLN_GREP } : {}),
    },
    launchArgs: [
      join(projectRoot, 'test/fixtures'),
      '--disable-extensions',
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
    ],
  });
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
