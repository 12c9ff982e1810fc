// The built-in content goes through one loader: the build prepares dist/builtins.json with the core's
// parsers and refuses content with problems; the extension, the CLI and these tests read that file back.
import * as assert from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILT_INS_FILE, loadBuiltIns } from '../../src/core/builtIns';
import { KnowledgeBase } from '../../src/core/knowledgeBase';
import { builtIns, projectRoot } from './helpers';

function withoutUndefined<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutUndefined) as T;
  if (value && Object.getPrototypeOf(value) === Object.prototype)
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, withoutUndefined(v)]),
    ) as T;
  return value;
}

/** A copy of the built-in content (media/ and snippets/), to break on purpose. */
function contentCopy(): string {
  const folder = mkdtempSync(join(tmpdir(), 'dl-notes-content-'));
  for (const part of ['media/notes', 'media/demos', 'media/api', 'snippets'])
    cpSync(join(projectRoot, part), join(folder, part), { recursive: true });
  return folder;
}

function prepare(content: string) {
  return spawnSync(
    process.execPath,
    [join(projectRoot, 'scripts/build.mjs'), '--builtins-only', '--content', content],
    {
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
}

describe('built-in content (dist/builtins.json)', () => {
  it('holds every note, demo, snippet and API list the sources have', () => {
    const { notes, demos, snippets, api } = builtIns();
    assert.ok(notes.length > 0 && demos.length > 0 && snippets.ids().length > 0 && api.length > 0);
    assert.ok(notes.every((n) => n.source.builtIn && n.source.file.startsWith(`${projectRoot}/media/notes/`)));
    assert.ok(demos.every((d) => d.file === `media/demos/${d.id}.js`));
  });

  it('gives back exactly the notes the parser makes of the sources (nothing lost on the way through JSON)', () => {
    const folder = join(projectRoot, 'media', 'notes');
    const sources = readdirSync(folder)
      .filter((name) => name.endsWith('.md'))
      .map((name) => ({ file: join(folder, name), text: readFileSync(join(folder, name), 'utf8'), builtIn: true }));
    const parsed = KnowledgeBase.fromSources(sources, [], builtIns().api).notes;
    // JSON has no undefined: an absent optional field is the same note. Anything else (a Set, a Map, a
    // RegExp that JSON would flatten to {}) must come back as it was.
    assert.deepStrictEqual(builtIns().notes, withoutUndefined(parsed));
  });

  it('is prepared from a copy of the sources exactly as shipped', function () {
    this.timeout(60_000);
    const content = contentCopy();
    try {
      const run = prepare(content);
      assert.strictEqual(run.status, 0, run.stderr);
      const copy = loadBuiltIns(readFileSync(join(content, BUILT_INS_FILE), 'utf8'), projectRoot);
      assert.deepStrictEqual(
        copy.notes.map((n) => n.slug),
        builtIns().notes.map((n) => n.slug),
      );
    } finally {
      rmSync(content, { recursive: true, force: true });
    }
  });

  it('cannot be built with a demo whose header is broken: the build says which file and what is missing', function () {
    this.timeout(60_000);
    const content = contentCopy();
    try {
      writeFileSync(join(content, 'media/demos/no-title.js'), '// @note dropout\nreport(1);\n');
      const run = prepare(content);
      assert.strictEqual(run.status, 1, `exit code (stderr: ${run.stderr})`);
      assert.match(run.stderr, /media\/demos\/no-title\.js: a demo needs "\/\/ @title …"/);
    } finally {
      rmSync(content, { recursive: true, force: true });
    }
  });

  it('cannot be built with a broken note or a demo of no note', function () {
    this.timeout(60_000);
    const content = contentCopy();
    try {
      writeFileSync(join(content, 'media/notes/broken.md'), '---\ntitle: [\n---\nbody\n');
      writeFileSync(join(content, 'media/demos/orphan.js'), '// @title Orphan\n// @note no-such-note\nreport(1);\n');
      const run = prepare(content);
      assert.strictEqual(run.status, 1);
      assert.match(run.stderr, /media\/notes\/broken\.md:\d+: error: front matter is not valid YAML/);
      assert.match(run.stderr, /media\/demos\/orphan\.js: "\/\/ @note no-such-note" names no note/);
    } finally {
      rmSync(content, { recursive: true, force: true });
    }
  });

  it('refuses a damaged or outdated file with a message that says what to do', () => {
    assert.throws(
      () => loadBuiltIns('{"version": 1, "notes": [', '/x'),
      /builtins\.json is not valid JSON .*npm run build/,
    );
    assert.throws(() => loadBuiltIns('{"version": 0}', '/x'), /builtins\.json has format 0.*npm run build/);
  });
});
