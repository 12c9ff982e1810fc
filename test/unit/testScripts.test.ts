// Every way to run the tests works from a fresh clone: each `npm run test:*` goes through
// scripts/test.mjs, which installs, builds, type-checks and compiles the tests before any part runs.
import * as assert from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from './helpers';

describe('test scripts', () => {
  it('build what they run first: npm test and every npm run test:* go through scripts/test.mjs', () => {
    const { scripts } = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    const tests = Object.entries(scripts).filter(([name]) => name === 'test' || name.startsWith('test:'));
    assert.ok(tests.length >= 4, tests.map(([name]) => name).join(', '));
    assert.deepStrictEqual(
      tests
        .filter(([, command]) => !/^node scripts\/test\.mjs\b/.test(command))
        .map(([name, command]) => `${name}: ${command}`),
      [],
    );
  });
});
