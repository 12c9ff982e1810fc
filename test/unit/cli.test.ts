// dl-notes, run as users run it: a real process on the built bundle.
import * as assert from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from './helpers';

interface Hit {
  line: number;
  start: number;
  end: number;
  text: string;
  slug: string;
  cell?: number;
  why?: string;
}

function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [join(projectRoot, 'dist', 'cli.js'), ...args], {
    encoding: 'utf8',
    cwd: projectRoot,
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function scan(fixture: string): Hit[] {
  const { code, stdout } = cli('scan', join('test', 'fixtures', fixture), '--json');
  assert.strictEqual(code, 0);
  return JSON.parse(stdout) as Hit[];
}

/**
 * Words a practitioner would never want explained. (`mask` in an attention class and an `optimizer`
 * bound to Adam are explained: the file says what they are.)
 */
const SILLY = /^(self|x|y|config|forward|size|view|Linear|nn|torch|F|loss|weight|bias|step|data|module|super|return)$/;

describe('dl-notes CLI', () => {
  it('explains a term, with the docs link for a library name', () => {
    const { code, stdout } = cli('explain', 'nn.LayerNorm');
    assert.strictEqual(code, 0);
    assert.match(stdout, /^Layer Normalization/);
    assert.match(stdout, /Docs: +torch\.nn\.LayerNorm — https:\/\/pytorch\.org/);
    assert.match(stdout, /Ba, .*Layer Normalization/);
  });

  it('explains phrases and slugs too, and exits 1 when nothing matches', () => {
    assert.match(cli('explain', 'multi-head', 'attention').stdout, /^Attention/);
    assert.match(cli('explain', 'variational-autoencoders').stdout, /^Variational Autoencoders/);
    const none = cli('explain', 'quantum', 'banana');
    assert.strictEqual(none.code, 1);
    assert.match(none.stderr, /No note matches "quantum banana"/);
    // A single letter is no concept: no search fallback picks some note for it.
    assert.match(cli('explain', 'x').stderr, /No note matches "x"/);
  });

  it('explains the names of the newer notes and says which notes a context-dependent word may mean', () => {
    assert.match(cli('explain', 'nn.LSTM').stdout, /^Recurrent Neural Networks/);
    assert.match(cli('explain', 'torch.optim.lr_scheduler.OneCycleLR').stdout, /^Learning-Rate Schedules/);
    assert.match(cli('explain', 'kv cache').stdout, /^Autoregressive Decoding/);
    const temperature = cli('explain', 'temperature');
    assert.strictEqual(temperature.code, 1);
    assert.match(temperature.stderr, /only in context.*\n.*Calibration/s);
    assert.match(temperature.stderr, /Autoregressive Decoding/);
  });

  it('scans a GPT model file: the concepts a practitioner points at, exact spans, nothing silly', () => {
    const hits = scan('gpt_model.py');
    const source = readFileSync(join(projectRoot, 'test/fixtures/gpt_model.py'), 'utf8').split('\n');
    for (const hit of hits) {
      assert.strictEqual(
        source[hit.line - 1]!.slice(hit.start - 1, hit.end - 1),
        hit.text,
        `span of ${JSON.stringify(hit)}`,
      );
      assert.doesNotMatch(hit.text, SILLY, `silly hit ${JSON.stringify(hit)}`);
    }
    const slugs = new Set(hits.map((h) => h.slug));
    for (const slug of [
      'attention',
      'layer-normalization',
      'dropout',
      'weight-initialization-in-deep-neural-networks',
      'loss-functions',
      'adaptive-learning-rate-optimizers',
      'challenges-of-optimizing-deep-models',
      'transformers',
    ]) {
      assert.ok(slugs.has(slug), `finds ${slug}`);
    }
    const lnLine = source.findIndex((l) => l.includes('self.ln_1 = nn.LayerNorm')) + 1;
    const column = source[lnLine - 1]!.indexOf('nn.LayerNorm') + 1;
    assert.deepStrictEqual(
      hits.find((h) => h.line === lnLine && h.text === 'nn.LayerNorm'),
      {
        line: lnLine,
        start: column,
        end: column + 'nn.LayerNorm'.length,
        text: 'nn.LayerNorm',
        slug: 'layer-normalization',
      },
    );
    // The name it is bound to carries the concept, and says why.
    const uses = hits.filter((h) => h.text === 'ln_1');
    assert.ok(uses.length >= 2, `ln_1 where it is bound and where it is used: ${JSON.stringify(uses)}`);
    assert.strictEqual(uses[1]!.why, `\`ln_1\` is an \`nn.LayerNorm\` (line ${lnLine})`);
  });

  it('scans a VAE example and a GCN layer', () => {
    const vae = new Set(scan('vae_example.py').map((h) => h.slug));
    for (const slug of ['variational-autoencoders', 'pathwise-gradient-estimator', 'loss-functions'])
      assert.ok(vae.has(slug), slug);
    const gcn = scan('gcn_layer.py');
    assert.ok(gcn.some((h) => h.text === 'GraphConvolution' && h.slug === 'graph-convolutional-networks'));
    for (const hit of [...gcn]) assert.doesNotMatch(hit.text, SILLY);
  });

  it('scans a notebook cell by cell', () => {
    const hits = scan('notebook.ipynb');
    assert.ok(hits.some((h) => h.cell === 2 && h.text === 'nn.BatchNorm1d' && h.slug === 'normalization'));
    assert.ok(hits.some((h) => h.cell === 1 && h.text === 'batch normalization'));
  });

  it('prints a readable table without --json', () => {
    const { stdout } = cli('scan', 'test/fixtures/train_tfjs.js');
    assert.match(stdout, /tf\.layers\.layerNormalization +layer-normalization/);
    assert.match(stdout, /concept span\(s\) in test\/fixtures\/train_tfjs\.js/);
  });

  it('lists the notes by topic', () => {
    const { code, stdout } = cli('list');
    assert.strictEqual(code, 0);
    const notes = readdirSync(join(projectRoot, 'media', 'notes')).filter((f) => f.endsWith('.md'));
    assert.strictEqual(stdout.split('\n').filter((l) => /^ {2}[a-z]/.test(l)).length, notes.length);
    assert.match(stdout, /^Architectures\n(?: {2}.*\n)*? {2}attention +Attention\n/);
  });

  it('checks a folder of notes: clear file:line errors and exit 1, exit 0 when clean', () => {
    const broken = cli('check', 'test/fixtures/broken-notes');
    assert.strictEqual(broken.code, 1);
    assert.match(broken.stdout, /broken-notes\/broken\.md:[56]: error: front matter is not valid YAML/);
    assert.match(broken.stdout, /broken-notes\/cutout\.md:7: error: link to unknown note "no-such-note"/);
    assert.match(broken.stdout, /broken-notes\/cutout\.md:15: error: body links to unknown note "no-such-note\.md"/);
    // Both files are checked, the one too broken to become a note too.
    assert.match(
      broken.stdout,
      /^2 note\(s\) checked in test\/fixtures\/broken-notes: 3 error\(s\), 0 warning\(s\)\.$/m,
    );
    const clean = cli('check', 'test/fixtures/user-notes');
    assert.strictEqual(clean.code, 0, clean.stdout);
    assert.match(clean.stdout, /1 note\(s\) checked .*: 0 error\(s\)/);
  });

  it('runs a program in the sandbox and writes the curve as CSV and SVG', () => {
    const out = mkdtempSync(join(tmpdir(), 'dl-notes-cli-'));
    try {
      const csv = join(out, 'loss.csv');
      const svg = join(out, 'loss.svg');
      const { code, stdout } = cli(
        'run',
        'test/fixtures/train_small.ts',
        '--backend',
        'wasm',
        '--csv',
        csv,
        '--svg',
        svg,
      );
      assert.strictEqual(code, 0, stdout);
      assert.match(stdout, /Finished 60 steps/);
      assert.match(stdout, /backend: wasm/);
      assert.strictEqual(readFileSync(csv, 'utf8').trim().split('\n').length, 61);
      assert.ok(existsSync(svg) && readFileSync(svg, 'utf8').includes('<path'));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('exits non-zero when the program fails, saying where', () => {
    const { code, stdout } = cli('run', 'test/fixtures/run-error.js');
    assert.strictEqual(code, 1);
    assert.match(stdout, /Error at line 5/);
  });

  it('explains its usage on a wrong command', () => {
    const { code, stderr } = cli('frobnicate');
    assert.strictEqual(code, 2);
    assert.match(stderr, /unknown command "frobnicate"[\s\S]*Usage:/);
  });

  describe('bad input: says which file and what is wrong, in words, and exits 1', () => {
    let folder: string;
    before(() => (folder = mkdtempSync(join(tmpdir(), 'dl-notes-input-'))));
    after(() => rmSync(folder, { recursive: true, force: true }));

    const NODE_WORDS = /ENOENT|EISDIR|EACCES|Unexpected end of JSON|Unexpected token|at position|\n\s+at /;

    it('a file that does not exist', () => {
      const { code, stdout, stderr } = cli('scan', 'no/such/model.py');
      assert.strictEqual(code, 1);
      assert.strictEqual(stderr, 'dl-notes: no/such/model.py: no such file\n');
      assert.strictEqual(stdout, '');
    });

    it('a folder where a file is wanted, and a file where a folder is', () => {
      const scanned = cli('scan', 'test/fixtures');
      assert.strictEqual(scanned.code, 1);
      assert.strictEqual(scanned.stderr, 'dl-notes: test/fixtures: is a folder; scan takes a file\n');
      const checked = cli('check', 'test/fixtures/gpt_model.py');
      assert.strictEqual(checked.code, 1);
      assert.strictEqual(checked.stderr, 'dl-notes: test/fixtures/gpt_model.py: is a file; check takes a folder\n');
      const missing = cli('check', 'no/such/notes');
      assert.strictEqual(missing.code, 1);
      assert.strictEqual(missing.stderr, 'dl-notes: no/such/notes: no such folder\n');
    });

    it('a notebook cut short, or not a notebook', () => {
      const notebook = readFileSync(join(projectRoot, 'test/fixtures/notebook.ipynb'), 'utf8');
      const truncated = join(folder, 'truncated.ipynb');
      writeFileSync(truncated, notebook.slice(0, Math.floor(notebook.length / 2)));
      const cut = cli('scan', truncated);
      assert.strictEqual(cut.code, 1);
      assert.strictEqual(
        cut.stderr,
        `dl-notes: ${truncated}: is not a readable notebook: the JSON stops before it is complete (is the file cut short?)\n`,
      );
      const broken = join(folder, 'broken.ipynb');
      writeFileSync(broken, `{\n  "cells": [1 2]\n}\n`);
      assert.match(
        cli('scan', broken).stderr,
        /broken\.ipynb: is not a readable notebook: the JSON is not valid at line 2, column 15\n$/,
      );
      const other = join(folder, 'other.ipynb');
      writeFileSync(other, '{"metadata": {}}');
      assert.match(cli('scan', other).stderr, /other\.ipynb: is not a Jupyter notebook: it has no list of "cells"\n$/);
      for (const file of [truncated, broken, other]) assert.doesNotMatch(cli('scan', file).stderr, NODE_WORDS);
    });

    it('a binary file is skipped, not scanned for spans in random bytes', () => {
      const binary = join(folder, 'weights.py');
      writeFileSync(
        binary,
        Buffer.from([0x80, 0x02, 0x00, 0x4c, 0x61, 0x79, 0x65, 0x72, 0x4e, 0x6f, 0x72, 0x6d, 0x00, 0xff]),
      );
      const { code, stdout, stderr } = cli('scan', binary, '--json');
      assert.strictEqual(code, 1);
      assert.strictEqual(stdout, '');
      assert.strictEqual(stderr, `dl-notes: ${binary}: is a binary file, not source code; skipped\n`);
    });

    it('an output file in a folder that does not exist', () => {
      const { code, stderr } = cli(
        'run',
        'test/fixtures/train_small.ts',
        '--backend',
        'cpu',
        '--steps',
        '2',
        '--csv',
        'no/such/loss.csv',
      );
      assert.strictEqual(code, 1);
      assert.match(stderr, /dl-notes: no\/such\/loss\.csv: cannot write it: its folder does not exist\n$/);
      assert.doesNotMatch(stderr, NODE_WORDS);
    });
  });
});
