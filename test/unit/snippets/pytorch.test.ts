// Runs every PyTorch snippet the way the editor inserts it (every placeholder at its default)
// and proves it numerically: test/unit/snippets/pytorch/<id>.py is appended to the expanded
// snippet and executed by run_pytorch_checks.py (one Python process, torch imported once).
import * as assert from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseNote } from '../../../src/core/noteParser';
import { SNIPPET_FILES, SnippetCatalog } from '../../../src/core/snippetCatalog';
import { expandedCode, projectRoot, pythonWithTorch } from './snippetFiles';

const CHECKS_DIR = join(projectRoot, 'test/unit/snippets/pytorch');
const DRIVER = join(projectRoot, 'test/unit/snippets/run_pytorch_checks.py');
const NOTES_DIR = join(projectRoot, 'media/notes');

/** The table of /tmp/spec/snippets-spec.md: prefix and the exact names each PyTorch snippet defines. */
const SPEC: Record<string, { prefix: string; names: string[] }> = {
  'scaled-dot-product-attention': { prefix: 'dl-attention', names: ['scaled_dot_product_attention'] },
  'multi-head-self-attention': { prefix: 'dl-mha', names: ['MultiHeadSelfAttention'] },
  'layernorm-from-scratch': { prefix: 'dl-layernorm', names: ['LayerNorm'] },
  'layernorm-library': { prefix: 'dl-layernorm-lib', names: ['norm', 'd_model'] },
  'xavier-init': { prefix: 'dl-xavier', names: ['init_xavier'] },
  'he-init': { prefix: 'dl-he', names: ['init_he'] },
  'ema-target-update': { prefix: 'dl-ema', names: ['ema_update'] },
  'inverted-dropout': { prefix: 'dl-dropout', names: ['inverted_dropout'] },
  'sinusoidal-positional-encoding': { prefix: 'dl-posenc', names: ['sinusoidal_positional_encoding'] },
  'pre-norm-transformer-block': { prefix: 'dl-transformer-block', names: ['TransformerBlock'] },
  'conv2d-explicit': { prefix: 'dl-conv2d', names: ['conv2d_explicit'] },
  'small-cnn': { prefix: 'dl-cnn', names: ['SmallCNN'] },
  'bert-token-masking': { prefix: 'dl-bert-mask', names: ['mask_tokens'] },
  'gcn-layer': { prefix: 'dl-gcn', names: ['normalized_adjacency', 'GCNLayer'] },
  'label-smoothing-cross-entropy': { prefix: 'dl-label-smoothing', names: ['label_smoothing_cross_entropy'] },
  'huber-loss': { prefix: 'dl-huber', names: ['huber_loss'] },
  'temperature-scaling-ece': {
    prefix: 'dl-temperature-scaling',
    names: ['fit_temperature', 'expected_calibration_error'],
  },
  'affine-coupling-layer': { prefix: 'dl-coupling', names: ['AffineCoupling'] },
  'adam-from-scratch': { prefix: 'dl-adam', names: ['AdamFromScratch'] },
  'batch-norm-from-scratch': { prefix: 'dl-batchnorm', names: ['BatchNorm1dFromScratch'] },
  'reparameterization-trick': { prefix: 'dl-reparam', names: ['reparameterize'] },
  'reinforce-with-baseline': { prefix: 'dl-reinforce', names: ['reinforce_loss'] },
  'vae-elbo-loss': { prefix: 'dl-vae-loss', names: ['vae_loss'] },
  'residual-block': { prefix: 'dl-residual', names: ['ResidualBlock'] },
  'gradient-clipping': { prefix: 'dl-clip-grad', names: ['clip_grad_norm'] },
  'dynamic-loss-scaling': { prefix: 'dl-loss-scale', names: ['DynamicLossScaler'] },
  'gan-losses': { prefix: 'dl-gan', names: ['discriminator_loss', 'generator_loss', 'gradient_penalty'] },
  'diffusion-forward-process': { prefix: 'dl-diffusion', names: ['noise_schedule', 'q_sample', 'diffusion_loss'] },
  'gelu-swiglu': { prefix: 'dl-swiglu', names: ['gelu', 'SwiGLU'] },
  'sgd-momentum-from-scratch': { prefix: 'dl-sgd', names: ['SGDMomentum'] },
  'lr-schedules': { prefix: 'dl-lr-schedule', names: ['cosine_with_warmup', 'one_cycle'] },
  'weight-decay-l2-vs-decoupled': {
    prefix: 'dl-weight-decay',
    names: ['l2_penalty', 'decoupled_weight_decay_', 'param_groups'],
  },
  'lstm-cell': { prefix: 'dl-lstm', names: ['LSTMCell'] },
  'tied-embedding': { prefix: 'dl-embedding', names: ['TiedEmbedding'] },
  'sampling-from-logits': { prefix: 'dl-sampling', names: ['filter_logits', 'sample_next_token', 'cached_attention'] },
};

/** APIs newer than torch 1.13 that the snippets must not use (they must run on 1.13 and later). */
const NEWER_APIS = [
  /\bF\.scaled_dot_product_attention\b/,
  /\bnn\.RMSNorm\b/,
  /\btorch\.func\b/,
  /\btorch\.compile\b/,
  /\bfused=True\b/,
];

interface CheckResult {
  ok: boolean;
  error: string | null;
}

// Only the PyTorch file: the TF.js file is someone else's and must not break these tests.
let catalog: SnippetCatalog | undefined;
let catalogError: Error | undefined;
try {
  catalog = SnippetCatalog.fromFiles({
    pytorch: readFileSync(join(projectRoot, 'snippets', SNIPPET_FILES.pytorch), 'utf8'),
  });
} catch (error) {
  catalogError = error as Error;
}
const snippetIds = catalog ? catalog.ids().filter((id) => catalog.get(id, 'pytorch')) : [];
const checkIds = readdirSync(CHECKS_DIR)
  .filter((f) => f.endsWith('.py'))
  .map((f) => f.slice(0, -'.py'.length));
const allIds = [...new Set([...Object.keys(SPEC), ...snippetIds, ...checkIds])].sort();

function snippetCode(id: string): string {
  if (catalogError) throw catalogError;
  return expandedCode(catalog!, id, 'pytorch');
}

function checkCode(id: string): string {
  return readFileSync(join(CHECKS_DIR, `${id}.py`), 'utf8');
}

/** The driver's input: per snippet a compile-only entry, a standalone run that looks up its names, and the check. */
function driverEntries(): { id: string; code: string; compile_only?: boolean }[] {
  const entries: { id: string; code: string; compile_only?: boolean }[] = [];
  for (const id of allIds) {
    if (!catalog?.get(id, 'pytorch')) continue;
    const code = snippetCode(id);
    entries.push({ id: `compile:${id}`, code, compile_only: true });
    const names = JSON.stringify(SPEC[id]?.names ?? []);
    entries.push({
      id: `defines:${id}`,
      code: `${code}\n\nfor _name in ${names}:\n    assert _name in globals(), f"the snippet does not define {_name}"\n`,
    });
    if (checkIds.includes(id)) entries.push({ id: `check:${id}`, code: `${code}\n\n${checkCode(id)}` });
  }
  return entries;
}

describe('PyTorch snippets (expanded with default placeholders, run with torch)', () => {
  let results: Record<string, CheckResult> = {};
  let runError: Error | undefined;

  before(function () {
    this.timeout(20 * 60_000);
    try {
      const python = pythonWithTorch();
      const run = spawnSync(python, [DRIVER], {
        input: JSON.stringify(driverEntries()),
        encoding: 'utf8',
        timeout: 15 * 60_000,
        maxBuffer: 64 * 1024 * 1024,
      });
      if (run.error) throw new Error(`running ${python} ${DRIVER} failed: ${run.error.message}\n${run.stderr ?? ''}`);
      if (run.status !== 0)
        throw new Error(`${python} ${DRIVER} exited with ${run.status ?? run.signal}:\n${run.stderr}`);
      try {
        results = JSON.parse(run.stdout) as Record<string, CheckResult>;
      } catch {
        throw new Error(`the driver printed no JSON result:\n${run.stdout}\n${run.stderr}`);
      }
    } catch (error) {
      runError = error as Error;
    }
  });

  function requireSnippet(id: string): void {
    if (catalogError) throw catalogError;
    assert.ok(catalog!.get(id, 'pytorch'), `no pytorch snippet "${id}" in snippets/${SNIPPET_FILES.pytorch}`);
  }

  function assertPassed(key: string, hint = ''): void {
    if (runError) throw runError;
    const result = results[key];
    assert.ok(result, `the driver reported nothing for ${key}`);
    if (!result.ok) assert.fail(`${key} failed${hint}:\n${result.error}`);
  }

  it('pytorch.code-snippets is valid JSON with exactly the spec ids and prefixes', () => {
    if (catalogError) throw catalogError;
    assert.deepStrictEqual(snippetIds, Object.keys(SPEC).sort());
    for (const id of snippetIds)
      assert.strictEqual(catalog!.get(id, 'pytorch')!.prefix, SPEC[id]!.prefix, `prefix of ${id}`);
  });

  it('every pytorch snippet id has a check file and every check file has a snippet', () => {
    if (catalogError) throw catalogError;
    assert.deepStrictEqual(
      snippetIds.filter((id) => !checkIds.includes(id)),
      [],
      'snippets without test/unit/snippets/pytorch/<id>.py',
    );
    assert.deepStrictEqual(
      checkIds.filter((id) => !snippetIds.includes(id)),
      [],
      'check files without a pytorch snippet',
    );
  });

  it('every description ends with "(note: <title>)" of a note that lists the snippet', () => {
    if (catalogError) throw catalogError;
    const notes = readdirSync(NOTES_DIR)
      .filter((f) => f.endsWith('.md'))
      .map((f) => parseNote(readFileSync(join(NOTES_DIR, f), 'utf8'), f, true).note)
      .filter((n) => !!n);
    for (const id of snippetIds) {
      const description = catalog!.get(id, 'pytorch')!.description;
      const titles = notes.filter((n) => n.snippets.includes(id)).map((n) => n.title);
      assert.ok(titles.length > 0, `no note lists snippet ${id}`);
      assert.ok(
        titles.some((title) => description.endsWith(`(note: ${title})`)),
        `description of ${id} "${description}" should end with (note: ${titles.join(' | ')})`,
      );
    }
  });

  it('uses no API newer than torch 1.13 and imports only torch, torch.nn, torch.nn.functional and math', () => {
    if (catalogError) throw catalogError;
    const allowedImports = new Set([
      'import torch',
      'import torch.nn as nn',
      'import torch.nn.functional as F',
      'import math',
    ]);
    for (const id of snippetIds) {
      const code = snippetCode(id);
      for (const api of NEWER_APIS) assert.ok(!api.test(code), `${id} uses ${api.source} (newer than torch 1.13)`);
      for (const line of code.split('\n').filter((l) => /^\s*(import|from)\s/.test(l))) {
        assert.ok(allowedImports.has(line.trim()), `${id}: import not allowed in a snippet: ${line.trim()}`);
      }
    }
  });

  for (const id of allIds) {
    describe(id, () => {
      it('is valid Python when expanded (compile)', () => {
        requireSnippet(id);
        assertPassed(`compile:${id}`);
      });

      it(`runs on its own and defines ${(SPEC[id]?.names ?? []).join(', ') || 'its names'}`, () => {
        requireSnippet(id);
        assertPassed(`defines:${id}`);
      });

      it('passes its numerical check', () => {
        requireSnippet(id);
        assert.ok(checkIds.includes(id), `no check file test/unit/snippets/pytorch/${id}.py`);
        // line numbers in the traceback count from the top of the expanded snippet
        const checkStart = snippetCode(id).split('\n').length + 2;
        assertPassed(`check:${id}`, ` (line ${checkStart} of "<snippet check:${id}>" is line 1 of pytorch/${id}.py)`);
      });
    });
  }
});
