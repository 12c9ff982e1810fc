// Runs every TensorFlow.js snippet the way the editor inserts it (every placeholder at its default) against the real
// @tensorflow/tfjs on the deterministic CPU backend, and checks it numerically: against tfjs built-ins where one exists,
// otherwise against a plain-JavaScript (float64) reference or a closed form. Test inputs come from a seeded generator.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import * as ts from 'typescript';
import { type SnippetCatalog } from '../../../src/core/snippetCatalog';
import { expandedCode, loadCatalog, projectRoot } from './snippetFiles';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Defs = Record<string, any>;

/** The spec's ids and prefixes (shared with the PyTorch file). */
const SPEC_PREFIXES: Record<string, string> = {
  'scaled-dot-product-attention': 'dl-attention',
  'multi-head-self-attention': 'dl-mha',
  'layernorm-from-scratch': 'dl-layernorm',
  'layernorm-library': 'dl-layernorm-lib',
  'xavier-init': 'dl-xavier',
  'he-init': 'dl-he',
  'ema-target-update': 'dl-ema',
  'inverted-dropout': 'dl-dropout',
  'sinusoidal-positional-encoding': 'dl-posenc',
  'pre-norm-transformer-block': 'dl-transformer-block',
  'conv2d-explicit': 'dl-conv2d',
  'small-cnn': 'dl-cnn',
  'bert-token-masking': 'dl-bert-mask',
  'gcn-layer': 'dl-gcn',
  'label-smoothing-cross-entropy': 'dl-label-smoothing',
  'huber-loss': 'dl-huber',
  'temperature-scaling-ece': 'dl-temperature-scaling',
  'affine-coupling-layer': 'dl-coupling',
  'adam-from-scratch': 'dl-adam',
  'batch-norm-from-scratch': 'dl-batchnorm',
  'reparameterization-trick': 'dl-reparam',
  'reinforce-with-baseline': 'dl-reinforce',
  'vae-elbo-loss': 'dl-vae-loss',
  'residual-block': 'dl-residual',
  'gradient-clipping': 'dl-clip-grad',
  'dynamic-loss-scaling': 'dl-loss-scale',
  'gan-losses': 'dl-gan',
  'diffusion-forward-process': 'dl-diffusion',
  'gelu-swiglu': 'dl-swiglu',
  'sgd-momentum-from-scratch': 'dl-sgd',
  'lr-schedules': 'dl-lr-schedule',
  'weight-decay-l2-vs-decoupled': 'dl-weight-decay',
  'lstm-cell': 'dl-lstm',
  'tied-embedding': 'dl-embedding',
  'sampling-from-logits': 'dl-sampling',
};

let catalog: SnippetCatalog | undefined;
const getCatalog = (): SnippetCatalog => (catalog ??= loadCatalog());
const tfjsIds = (): string[] =>
  getCatalog()
    .ids()
    .filter((id) => getCatalog().get(id, 'tfjs'));

/** Evaluates the expanded snippet with `tf` in scope and returns the names it must define. */
function loadSnippet(id: string, names: string[]): Defs {
  const code = expandedCode(getCatalog(), id, 'tfjs');
  return new Function('tf', `"use strict";\n${code}\nreturn { ${names.join(', ')} };`)(tf) as Defs;
}

const checkedIds = new Set<string>();

/** A suite for one snippet; registering it is what counts as "this snippet has a check". */
function describeSnippet(id: string, names: string[], body: (defs: () => Defs) => void): void {
  checkedIds.add(id);
  describe(`tfjs snippet ${id}`, () => {
    let defs: Defs | undefined;
    const get = (): Defs => (defs ??= loadSnippet(id, names));
    it(`defines ${names.join(', ')}`, () => {
      const d = get();
      for (const name of names) assert.notEqual(d[name], undefined, `${name} is not defined`);
    });
    body(get);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Numeric helpers (float64 references)

function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussians(n: number, next: () => number, std = 1, mean = 0): number[] {
  const out: number[] = [];
  while (out.length < n) {
    const u = Math.max(next(), 1e-12);
    const v = next();
    const r = Math.sqrt(-2 * Math.log(u));
    out.push(mean + std * r * Math.cos(2 * Math.PI * v), mean + std * r * Math.sin(2 * Math.PI * v));
  }
  return out.slice(0, n);
}

function randn(shape: number[], seed: number, std = 1, mean = 0): tf.Tensor {
  return tf.tensor(
    gaussians(
      shape.reduce((a, b) => a * b, 1),
      seeded(seed),
      std,
      mean,
    ),
    shape,
  );
}

const vals = (t: tf.Tensor): number[] => Array.from(t.dataSync());
const sum = (xs: ArrayLike<number>): number => {
  let total = 0;
  for (let i = 0; i < xs.length; i++) total += xs[i]!;
  return total;
};
const mean = (xs: ArrayLike<number>): number => sum(xs) / xs.length;
const variance = (xs: ArrayLike<number>): number => {
  const m = mean(xs);
  return sum(Array.from(xs, (x) => (x - m) ** 2)) / xs.length;
};

function assertClose(
  actual: ArrayLike<number> | number,
  expected: ArrayLike<number> | number,
  tol: number,
  what: string,
): void {
  const a = typeof actual === 'number' ? [actual] : Array.from(actual);
  const e = typeof expected === 'number' ? [expected] : Array.from(expected);
  assert.equal(a.length, e.length, `${what}: ${a.length} values, expected ${e.length}`);
  for (let i = 0; i < a.length; i++) {
    if (!(Math.abs(a[i]! - e[i]!) <= tol)) assert.fail(`${what}: [${i}] is ${a[i]}, expected ${e[i]} (± ${tol})`);
  }
}

function assertRelClose(actual: number, expected: number, rel: number, what: string): void {
  if (!(Math.abs(actual - expected) <= rel * Math.abs(expected)))
    assert.fail(`${what}: ${actual}, expected ${expected} (± ${rel * 100}%)`);
}

/** Calls run (which returns tensors or containers of them) repeatedly; the tensor count must not grow. */
function assertNoTensorLeak(run: () => unknown, what: string): void {
  const release = (r: unknown): void => {
    if (r !== null && typeof r === 'object') tf.dispose(r as tf.TensorContainer);
  };
  release(run());
  const before = tf.memory().numTensors;
  for (let i = 0; i < 3; i++) release(run());
  assert.equal(tf.memory().numTensors, before, `${what} leaves tensors behind`);
}

/** An init function's result, once disposed, must leave no tensor behind (its intermediates were tidied). */
function assertInitLeavesOnlyItsResult(make: () => tf.TensorContainer, what: string): void {
  const before = tf.memory().numTensors;
  tf.dispose(make());
  assert.equal(tf.memory().numTensors, before, `${what} leaves intermediate tensors behind`);
}

/** Row-major [n, k] × [k, m]. */
function matmul(a: ArrayLike<number>, b: ArrayLike<number>, n: number, k: number, m: number): number[] {
  const out = new Array<number>(n * m).fill(0);
  for (let i = 0; i < n; i++)
    for (let p = 0; p < k; p++) for (let j = 0; j < m; j++) out[i * m + j]! += a[i * k + p]! * b[p * m + j]!;
  return out;
}

function softmax(row: number[]): number[] {
  const max = Math.max(...row);
  const e = row.map((x) => Math.exp(x - max));
  const s = sum(e);
  return e.map((x) => x / s);
}

/** softmax(q kᵀ / √d) v for one [tq, d] × [tk, d] × [tk, dv] problem; keep(i, j) false = masked. */
function refAttention(
  q: ArrayLike<number>,
  k: ArrayLike<number>,
  v: ArrayLike<number>,
  tq: number,
  tk: number,
  d: number,
  dv: number,
  keep?: (i: number, j: number) => boolean,
): { out: number[]; weights: number[] } {
  const weights: number[] = [];
  for (let i = 0; i < tq; i++) {
    const kept: number[] = [];
    const scores: number[] = [];
    for (let j = 0; j < tk; j++) {
      if (keep && !keep(i, j)) continue;
      let s = 0;
      for (let c = 0; c < d; c++) s += q[i * d + c]! * k[j * d + c]!;
      kept.push(j);
      scores.push(s / Math.sqrt(d));
    }
    const p = softmax(scores);
    const row = new Array<number>(tk).fill(0);
    kept.forEach((j, n) => (row[j] = p[n]!));
    weights.push(...row);
  }
  return { out: matmul(weights, v, tq, tk, dv), weights };
}

function refLayerNorm(
  x: ArrayLike<number>,
  rows: number,
  dim: number,
  gamma: ArrayLike<number>,
  beta: ArrayLike<number>,
  eps: number,
): number[] {
  const out: number[] = [];
  for (let r = 0; r < rows; r++) {
    const row = Array.from({ length: dim }, (_, c) => x[r * dim + c]!);
    const m = mean(row);
    const v = variance(row);
    row.forEach((value, c) => out.push(((value - m) / Math.sqrt(v + eps)) * gamma[c]! + beta[c]!));
  }
  return out;
}

/** Multi-head self-attention of x [b, t, c] (float64, per batch and head). */
function refMha(
  x: number[],
  b: number,
  t: number,
  c: number,
  w: { wq: number[]; wk: number[]; wv: number[]; wo: number[] },
  nHeads: number,
  causal: boolean,
): number[] {
  const dh = c / nHeads;
  const out: number[] = [];
  for (let bi = 0; bi < b; bi++) {
    const xb = x.slice(bi * t * c, (bi + 1) * t * c);
    const [q, k, v] = [w.wq, w.wk, w.wv].map((m) => matmul(xb, m, t, c, c));
    const concat = new Array<number>(t * c).fill(0);
    for (let h = 0; h < nHeads; h++) {
      const cols = (m: number[]) =>
        Array.from({ length: t * dh }, (_, n) => m[Math.floor(n / dh) * c + h * dh + (n % dh)]!);
      const { out: head } = refAttention(
        cols(q!),
        cols(k!),
        cols(v!),
        t,
        t,
        dh,
        dh,
        causal ? (i, j) => j <= i : undefined,
      );
      head.forEach((value, n) => (concat[Math.floor(n / dh) * c + h * dh + (n % dh)] = value));
    }
    out.push(...matmul(concat, w.wo, t, c, c));
  }
  return out;
}

function determinant(matrix: number[][]): number {
  const a = matrix.map((row) => [...row]);
  const n = a.length;
  let det = 1;
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    if (a[pivot]![col] === 0) return 0;
    if (pivot !== col) {
      [a[pivot], a[col]] = [a[col]!, a[pivot]!];
      det = -det;
    }
    det *= a[col]![col]!;
    for (let r = col + 1; r < n; r++) {
      const f = a[r]![col]! / a[col]![col]!;
      for (let c = col; c < n; c++) a[r]![c]! -= f * a[col]![c]!;
    }
  }
  return det;
}

let variableCounter = 0;
const uniqueName = (base: string): string => `${base}_tfjs_snippet_test_${variableCounter++}`;

// Some suites build tensors while mocha loads this file: choose the CPU backend now (it starts at once), or
// the first tensor would start whichever backend another test file registered (WebAssembly starts asynchronously).
void tf.setBackend('cpu');

before(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

// ---------------------------------------------------------------------------------------------------------------
// The catalog as a whole

describe('tfjs snippet file', () => {
  it('has exactly the spec ids, with the spec prefixes', () => {
    const ids = tfjsIds();
    assert.deepEqual([...ids].sort(), Object.keys(SPEC_PREFIXES).sort());
    for (const id of ids) assert.equal(getCatalog().get(id, 'tfjs')!.prefix, SPEC_PREFIXES[id], `prefix of ${id}`);
  });

  it('every tfjs snippet has a numerical check in this file', () => {
    const missing = tfjsIds().filter((id) => !checkedIds.has(id));
    assert.deepEqual(missing, [], `snippets without a check in tfjs.test.ts: ${missing.join(', ')}`);
  });

  it('descriptions end with "(note: <title>)" naming an existing note', () => {
    const notesDir = join(projectRoot, 'media', 'notes');
    const titles = new Set(
      readdirSync(notesDir)
        .filter((f) => f.endsWith('.md'))
        .map((f) =>
          /^title:\s*(.+)$/m
            .exec(readFileSync(join(notesDir, f), 'utf8'))?.[1]!
            .trim()
            .replace(/^["']|["']$/g, ''),
        )
        .filter((t): t is string => !!t),
    );
    for (const id of tfjsIds()) {
      const description = getCatalog().get(id, 'tfjs')!.description;
      const note = /\(note: (.+)\)$/.exec(description)?.[1];
      assert.ok(note, `${id}: description "${description}" does not end with (note: …)`);
      assert.ok(titles.has(note), `${id}: no note titled "${note}"`);
    }
  });

  it('bodies are short, import nothing, and end at $0', () => {
    for (const id of tfjsIds()) {
      const body = getCatalog().get(id, 'tfjs')!.body;
      assert.ok(body.length <= 40, `${id}: ${body.length} lines`);
      assert.ok(!body.some((line) => /^\s*(import\b|.*\brequire\()/.test(line)), `${id} imports something`);
      assert.ok(body.join('\n').includes('$0'), `${id} has no $0`);
    }
  });

  it('every expanded snippet type-checks as TypeScript with tf imported', function () {
    this.timeout(120000);
    const files = new Map<string, string>();
    for (const id of tfjsIds()) {
      const code = expandedCode(getCatalog(), id, 'tfjs');
      files.set(
        join(projectRoot, `__tfjs_snippet_check__${id}.ts`),
        `import * as tf from '@tensorflow/tfjs';\n${code}\nexport {};\n`,
      );
    }
    // noImplicitAny off: snippets are plain JavaScript (untyped parameters), everything else is checked.
    const options: ts.CompilerOptions = {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
      types: [],
      strict: false,
      noImplicitAny: false,
      skipLibCheck: true,
      noEmit: true,
    };
    const host = ts.createCompilerHost(options);
    const readSource = host.getSourceFile.bind(host);
    host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
      const text = files.get(fileName);
      return text !== undefined
        ? ts.createSourceFile(fileName, text, languageVersion)
        : readSource(fileName, languageVersion, onError, shouldCreate);
    };
    const fileExists = host.fileExists.bind(host);
    host.fileExists = (fileName) => files.has(fileName) || fileExists(fileName);
    const program = ts.createProgram([...files.keys()], options, host);
    const problems = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file && files.has(d.file.fileName))
      .map((d) => {
        const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
        return `${d.file!.fileName.replace(/.*__tfjs_snippet_check__/, '')}:${line}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
      });
    assert.deepEqual(problems, []);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// One suite per snippet

describeSnippet('scaled-dot-product-attention', ['scaledDotProductAttention'], (defs) => {
  const [tq, tk, d, dv] = [4, 6, 8, 3];
  const q = () => randn([2, tq, d], 1);
  const k = () => randn([2, tk, d], 2);
  const v = () => randn([2, tk, dv], 3);

  it('matches softmax(QKᵀ/√d)V computed separately, weights sum to 1 per query', () => {
    const [Q, K, V] = [q(), k(), v()];
    const { output, weights } = defs().scaledDotProductAttention(Q, K, V);
    assert.deepEqual(output.shape, [2, tq, dv]);
    assert.deepEqual(weights.shape, [2, tq, tk]);
    for (let b = 0; b < 2; b++) {
      const ref = refAttention(
        vals(Q).slice(b * tq * d, (b + 1) * tq * d),
        vals(K).slice(b * tk * d, (b + 1) * tk * d),
        vals(V).slice(b * tk * dv, (b + 1) * tk * dv),
        tq,
        tk,
        d,
        dv,
      );
      assertClose(vals(output).slice(b * tq * dv, (b + 1) * tq * dv), ref.out, 1e-5, `output of batch ${b}`);
      assertClose(vals(weights).slice(b * tq * tk, (b + 1) * tq * tk), ref.weights, 1e-6, `weights of batch ${b}`);
    }
    assertClose(vals(weights.sum(-1)), new Array(2 * tq).fill(1), 1e-5, 'row sums');
  });

  it('masked positions get ~0 weight and the output only mixes the kept values', () => {
    const [Q, K, V] = [q(), k(), v()];
    // broadcast [tq, tk] mask: keys 4 and 5 are padding, and query i also may not see key i
    const keep = (i: number, j: number) => j < 4 && j !== i;
    const mask = tf.tensor(
      Array.from({ length: tq * tk }, (_, n) => (keep(Math.floor(n / tk), n % tk) ? 1 : 0)),
      [tq, tk],
    );
    const { output, weights } = defs().scaledDotProductAttention(Q, K, V, mask);
    const w = vals(weights);
    for (let n = 0; n < w.length; n++) {
      const [i, j] = [Math.floor(n / tk) % tq, n % tk];
      if (!keep(i, j)) assert.ok(w[n]! < 1e-6, `masked weight [${n}] = ${w[n]}`);
    }
    assertClose(vals(weights.sum(-1)), new Array(2 * tq).fill(1), 1e-5, 'row sums with mask');
    for (let b = 0; b < 2; b++) {
      const ref = refAttention(
        vals(Q).slice(b * tq * d, (b + 1) * tq * d),
        vals(K).slice(b * tk * d, (b + 1) * tk * d),
        vals(V).slice(b * tk * dv, (b + 1) * tk * dv),
        tq,
        tk,
        d,
        dv,
        keep,
      );
      assertClose(vals(output).slice(b * tq * dv, (b + 1) * tq * dv), ref.out, 1e-5, `masked output of batch ${b}`);
    }
    // a fully masked row stays finite
    const none = defs().scaledDotProductAttention(Q, K, V, tf.zeros([tq, tk]));
    assert.ok(vals(none.output).every(Number.isFinite), 'fully masked rows produce NaN');
  });

  it('works with [batch, heads, T, d] inputs', () => {
    const [Q, K, V] = [randn([2, 3, tq, d], 4), randn([2, 3, tk, d], 5), randn([2, 3, tk, dv], 6)];
    const { output } = defs().scaledDotProductAttention(Q, K, V);
    assert.deepEqual(output.shape, [2, 3, tq, dv]);
    const flat = defs().scaledDotProductAttention(
      Q.reshape([6, tq, d]),
      K.reshape([6, tk, d]),
      V.reshape([6, tk, dv]),
    ).output;
    assertClose(vals(output), vals(flat), 1e-6, '4-D vs 3-D');
  });

  it('is tidy', () => {
    const [Q, K, V, mask] = [q(), k(), v(), tf.ones([tq, tk])];
    assertNoTensorLeak(() => defs().scaledDotProductAttention(Q, K, V, mask), 'scaledDotProductAttention');
  });
});

describeSnippet('multi-head-self-attention', ['multiHeadSelfAttention', 'initMultiHeadParams'], (defs) => {
  const [B, T, C] = [2, 5, 16];
  const weightsOf = (p: Defs) => ({ wq: vals(p.wq), wk: vals(p.wk), wv: vals(p.wv), wo: vals(p.wo) });

  it('initMultiHeadParams returns trainable [dModel, dModel] variables', () => {
    const p = defs().initMultiHeadParams(C);
    for (const name of ['wq', 'wk', 'wv', 'wo']) {
      assert.ok(p[name] instanceof tf.Variable && p[name].trainable, `${name} is not a trainable tf.Variable`);
      assert.deepEqual(p[name].shape, [C, C]);
    }
    assert.ok(
      vals(p.wq).some((x) => x !== 0),
      'weights are all zero',
    );
  });

  for (const [nHeads, causal] of [
    [2, false],
    [4, true],
    [1, true],
  ] as const) {
    it(`matches a per-head reference (nHeads=${nHeads}, causal=${causal})`, () => {
      const p = defs().initMultiHeadParams(C);
      const x = randn([B, T, C], 10 + nHeads);
      const y = defs().multiHeadSelfAttention(x, p, nHeads, causal);
      assert.deepEqual(y.shape, [B, T, C]);
      assertClose(vals(y), refMha(vals(x), B, T, C, weightsOf(p), nHeads, causal), 1e-4, 'output');
    });
  }

  it('defaults to 8 heads, not causal', () => {
    const p = defs().initMultiHeadParams(C);
    const x = randn([B, T, C], 20);
    assertClose(
      vals(defs().multiHeadSelfAttention(x, p)),
      refMha(vals(x), B, T, C, weightsOf(p), 8, false),
      1e-4,
      'default output',
    );
  });

  it('causal: the output at position t does not change when later tokens change', () => {
    const p = defs().initMultiHeadParams(C);
    const x = randn([1, T, C], 21);
    const changed = tf.concat([x.slice([0, 0, 0], [1, 3, C]), randn([1, T - 3, C], 22)], 1);
    const first3 = (y: tf.Tensor) => vals(y.slice([0, 0, 0], [1, 3, C]));
    const [a, b] = [defs().multiHeadSelfAttention(x, p, 4, true), defs().multiHeadSelfAttention(changed, p, 4, true)];
    assertClose(first3(a), first3(b), 1e-6, 'causal prefix');
    assert.ok(
      vals(a)
        .slice(3 * C)
        .some((value, n) => Math.abs(value - vals(b)[3 * C + n]!) > 1e-3),
      'later positions should change',
    );
    // without the causal mask the prefix does depend on later tokens
    const [c, d] = [defs().multiHeadSelfAttention(x, p, 4, false), defs().multiHeadSelfAttention(changed, p, 4, false)];
    assert.ok(
      first3(c).some((value, n) => Math.abs(value - first3(d)[n]!) > 1e-4),
      'non-causal prefix should change',
    );
  });

  it('gradients reach every projection', () => {
    const p = defs().initMultiHeadParams(C);
    const x = randn([B, T, C], 23);
    const { grads } = tf.variableGrads(
      () => defs().multiHeadSelfAttention(x, p, 4, true).square().sum() as tf.Scalar,
      [p.wq, p.wk, p.wv, p.wo],
    );
    for (const name of ['wq', 'wk', 'wv', 'wo'])
      assert.ok(
        vals(grads[p[name].name]!).some((g) => Math.abs(g) > 1e-6),
        `no gradient for ${name}`,
      );
  });

  it('is tidy', () => {
    const p = defs().initMultiHeadParams(C);
    const x = randn([B, T, C], 24);
    assertNoTensorLeak(() => defs().multiHeadSelfAttention(x, p, 4, true), 'multiHeadSelfAttention');
    assertInitLeavesOnlyItsResult(() => defs().initMultiHeadParams(C), 'initMultiHeadParams');
  });
});

describeSnippet('layernorm-from-scratch', ['layerNorm'], (defs) => {
  const [rows, dim] = [6, 10];
  const input = () =>
    randn([rows, dim], 30)
      .mul(tf.tensor1d(Array.from({ length: dim }, (_, i) => 0.5 + i)))
      .add(3);

  it('rows have mean ≈ 0 and variance ≈ 1 with gamma = 1, beta = 0', () => {
    const y = defs().layerNorm(input(), tf.ones([dim]), tf.zeros([dim]));
    const v = vals(y);
    for (let r = 0; r < rows; r++) {
      const row = v.slice(r * dim, (r + 1) * dim);
      assertClose(mean(row), 0, 1e-5, `mean of row ${r}`);
      assertClose(variance(row), 1, 1e-3, `variance of row ${r}`);
    }
  });

  it('matches tf.layers.layerNormalization with random gamma and beta', () => {
    const x = input();
    const [gamma, beta] = [randn([dim], 31), randn([dim], 32)];
    const layer = tf.layers.layerNormalization({ axis: -1, epsilon: 1e-5 });
    layer.apply(x);
    layer.setWeights([gamma, beta]);
    const expected = layer.apply(x) as tf.Tensor;
    assertClose(vals(defs().layerNorm(x, gamma, beta)), vals(expected), 1e-4, 'layerNorm vs tf.layers');
    assertClose(
      vals(defs().layerNorm(x, gamma, beta)),
      refLayerNorm(vals(x), rows, dim, vals(gamma), vals(beta), 1e-5),
      1e-4,
      'layerNorm vs float64',
    );
    layer.dispose();
  });

  it('normalizes over the last axis of a 3-D input', () => {
    const x = randn([2, 3, dim], 33, 2, 1);
    const [gamma, beta] = [randn([dim], 34), randn([dim], 35)];
    assertClose(
      vals(defs().layerNorm(x, gamma, beta)),
      refLayerNorm(vals(x), 6, dim, vals(gamma), vals(beta), 1e-5),
      1e-4,
      '3-D',
    );
  });

  it('uses eps = 1e-5 by default (visible on low-variance rows)', () => {
    const x = randn([rows, dim], 36, 1e-2);
    const y = vals(defs().layerNorm(x, tf.ones([dim]), tf.zeros([dim])));
    const xv = vals(x);
    for (let r = 0; r < rows; r++) {
      const v = variance(xv.slice(r * dim, (r + 1) * dim));
      assertClose(variance(y.slice(r * dim, (r + 1) * dim)), v / (v + 1e-5), 2e-3, `row ${r} variance`);
    }
  });

  it('is tidy', () => {
    const [x, g, b] = [input(), tf.ones([dim]), tf.zeros([dim])];
    assertNoTensorLeak(() => defs().layerNorm(x, g, b), 'layerNorm');
  });
});

describeSnippet('layernorm-library', ['norm'], (defs) => {
  it('is a LayerNormalization layer normalizing the last axis with eps 1e-5', () => {
    const { norm } = defs();
    assert.equal(norm.getClassName(), 'LayerNormalization');
    const dim = 12;
    const x = randn([8, dim], 40, 1e-2, 5);
    const y = vals(norm.apply(x) as tf.Tensor);
    assert.deepEqual(
      norm.getWeights().map((w: tf.Tensor) => w.shape),
      [[dim], [dim]],
    );
    const xv = vals(x);
    for (let r = 0; r < 8; r++) {
      const row = y.slice(r * dim, (r + 1) * dim);
      const v = variance(xv.slice(r * dim, (r + 1) * dim));
      assertClose(mean(row), 0, 1e-4, `mean of row ${r}`);
      // var(x) ≈ 1e-4 here, so the output variance v / (v + eps) tells eps apart (1e-3, tfjs' default, would give ≈ 0.09)
      assertClose(variance(row), v / (v + 1e-5), 2e-3, `variance of row ${r}`);
    }
  });
});

describeSnippet('xavier-init', ['xavierUniform'], (defs) => {
  for (const [fanIn, fanOut] of [
    [1000, 1000],
    [1000, 500],
    [300, 1200],
  ]) {
    it(`[${fanIn}, ${fanOut}]: variance within 5% of 2/(fanIn+fanOut), bounded by √(6/(fanIn+fanOut))`, () => {
      const w = defs().xavierUniform(fanIn, fanOut);
      assert.deepEqual(w.shape, [fanIn, fanOut]);
      const v = vals(w);
      const a = Math.sqrt(6 / (fanIn! + fanOut!));
      assertRelClose(variance(v), 2 / (fanIn! + fanOut!), 0.05, 'variance');
      assertClose(mean(v), 0, 0.01 * a, 'mean');
      const maxAbs = v.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
      assert.ok(maxAbs <= a * (1 + 1e-6), `|w| up to ${maxAbs} > ${a}`);
      assert.ok(maxAbs > 0.99 * a, `|w| only reaches ${maxAbs} of ${a}`);
      w.dispose();
    });
  }
});

describeSnippet('he-init', ['heNormal'], (defs) => {
  for (const [fanIn, fanOut] of [
    [1000, 1000],
    [500, 1000],
    [2000, 400],
  ]) {
    it(`[${fanIn}, ${fanOut}]: mean 0, variance within 5% of 2/fanIn, untruncated normal`, () => {
      const w = defs().heNormal(fanIn, fanOut);
      assert.deepEqual(w.shape, [fanIn, fanOut]);
      const v = vals(w);
      const sigma = Math.sqrt(2 / fanIn!);
      assertRelClose(variance(v), 2 / fanIn!, 0.05, 'variance');
      assertClose(mean(v), 0, 0.01 * sigma, 'mean');
      // a normal has ~0.27% of its mass beyond 3σ; a truncated (±2σ) one has none
      const tail = v.filter((x) => Math.abs(x) > 3 * sigma).length / v.length;
      assert.ok(tail > 0.001 && tail < 0.005, `fraction beyond 3σ: ${tail}`);
      w.dispose();
    });
  }

  it("the comment's claim holds: tf.initializers.heNormal has variance ≈ 0.77·2/fanIn (truncated)", () => {
    const w = tf.initializers.heNormal({}).apply([1000, 1000]);
    assertRelClose(variance(vals(w)), 0.7737 * (2 / 1000), 0.05, 'tf.initializers.heNormal variance');
    w.dispose();
  });
});

describeSnippet('ema-target-update', ['emaUpdate'], (defs) => {
  function run(tau: number | undefined, steps: number, asMap: boolean) {
    const shapes = [[3, 4], [5]];
    const target0 = shapes.map((s, i) => randn(s, 50 + i));
    const online = shapes.map((s, i) => tf.variable(randn(s, 60 + i)));
    const target = target0.map((t) => tf.variable(t.clone()));
    const [tv, ov] = asMap
      ? [
          { a: target[0], b: target[1] },
          { a: online[0], b: online[1] },
        ]
      : [target, online];
    const onlineBefore = online.map(vals);
    for (let i = 0; i < steps; i++) {
      if (tau === undefined) defs().emaUpdate(tv, ov);
      else defs().emaUpdate(tv, ov, tau);
    }
    const t = tau ?? 0.99;
    target.forEach((v, i) => {
      const expected = vals(target0[i]!).map((x, n) => t ** steps * x + (1 - t ** steps) * onlineBefore[i]![n]!);
      assertClose(vals(v), expected, 1e-5, `target ${i} after ${steps} steps`);
      assert.deepEqual(vals(online[i]!), onlineBefore[i], 'online variables must not change');
    });
  }

  it('matches θ_t(k) = τ^k θ_t(0) + (1 − τ^k) θ_o (arrays, τ = 0.9, k = 7)', () => run(0.9, 7, false));
  it('defaults to τ = 0.99 and accepts {name: variable} maps (k = 5)', () => run(undefined, 5, true));

  it('updates in place without leaking tensors', () => {
    const target = [tf.variable(tf.zeros([4])), tf.variable(tf.ones([2, 2]))];
    const online = [tf.variable(tf.ones([4])), tf.variable(tf.zeros([2, 2]))];
    const ref = target[0];
    assertNoTensorLeak(() => defs().emaUpdate(target, online, 0.5), 'emaUpdate');
    assert.equal(target[0], ref);
    assertClose(
      vals(target[0]!),
      [1 - 0.5 ** 4, 1 - 0.5 ** 4, 1 - 0.5 ** 4, 1 - 0.5 ** 4],
      1e-6,
      'after 4 in-place updates',
    );
  });
});

describeSnippet('inverted-dropout', ['invertedDropout'], (defs) => {
  const n = 200000;
  const input = () => tf.randomUniform([n], 1, 2, 'float32', 7);

  for (const p of [undefined, 0.2, 0.7]) {
    const rate = p ?? 0.5;
    it(`p = ${rate}${p === undefined ? ' (default)' : ''}: zeros ≈ p, survivors scaled by 1/(1 − p), mean preserved`, () => {
      const x = input();
      const y = p === undefined ? defs().invertedDropout(x) : defs().invertedDropout(x, p);
      const [xv, yv] = [vals(x), vals(y)];
      const zeros = yv.filter((v) => v === 0).length / n;
      assertClose(zeros, rate, 0.01, 'fraction of zeros');
      yv.forEach((v, i) => {
        if (v !== 0 && Math.abs(v - xv[i]! / (1 - rate)) > 1e-5 * v)
          assert.fail(`[${i}] ${v} is not ${xv[i]} / (1 − p)`);
      });
      assertRelClose(mean(yv), mean(xv), 0.01, 'mean');
    });
  }

  it('is the identity when training = false (and for p = 0), returning a tensor the caller owns', () => {
    const x = input();
    for (const y of [defs().invertedDropout(x, 0.5, false), defs().invertedDropout(x, 0)]) {
      assert.deepEqual(vals(y), vals(x));
      y.dispose();
      assert.ok(!x.isDisposed, 'disposing the output disposed the input');
    }
  });

  it('is tidy', () => {
    const x = input();
    assertNoTensorLeak(() => defs().invertedDropout(x, 0.3), 'invertedDropout (training)');
    assertNoTensorLeak(() => defs().invertedDropout(x, 0.3, false), 'invertedDropout (eval)');
  });
});

describeSnippet('sinusoidal-positional-encoding', ['sinusoidalPositionalEncoding'], (defs) => {
  it('PE[0] = [0, 1, 0, 1, …] and PE[pos, 2i] = sin(pos/10000^(2i/d)), PE[pos, 2i+1] = cos(…)', () => {
    const [seqLen, d] = [50, 16];
    const pe = defs().sinusoidalPositionalEncoding(seqLen, d);
    assert.deepEqual(pe.shape, [seqLen, d]);
    const v = vals(pe);
    assertClose(
      v.slice(0, d),
      Array.from({ length: d }, (_, j) => (j % 2 === 0 ? 0 : 1)),
      1e-6,
      'PE[0]',
    );
    for (const pos of [1, 2, 7, 31, 49]) {
      for (let i = 0; i < d / 2; i++) {
        const angle = pos / Math.pow(10000, (2 * i) / d);
        assertClose(v[pos * d + 2 * i]!, Math.sin(angle), 1e-4, `PE[${pos}, ${2 * i}]`);
        assertClose(v[pos * d + 2 * i + 1]!, Math.cos(angle), 1e-4, `PE[${pos}, ${2 * i + 1}]`);
      }
    }
  });

  it('handles an odd dModel (last dim is a sine)', () => {
    const pe = defs().sinusoidalPositionalEncoding(10, 7);
    assert.deepEqual(pe.shape, [10, 7]);
    const v = vals(pe);
    for (let pos = 0; pos < 10; pos++)
      assertClose(v[pos * 7 + 6]!, Math.sin(pos / Math.pow(10000, 6 / 7)), 1e-4, `PE[${pos}, 6]`);
  });

  it('is tidy', () =>
    assertNoTensorLeak(() => defs().sinusoidalPositionalEncoding(20, 8), 'sinusoidalPositionalEncoding'));
});

describeSnippet('pre-norm-transformer-block', ['transformerBlock', 'initTransformerBlock'], (defs) => {
  const [B, T, C, F] = [2, 5, 16, 32];

  /** Float64 reference: x1 = x + MHA(LN1(x)); out = x1 + relu(LN2(x1)·w1 + b1)·w2 + b2. */
  function reference(x: number[], p: Defs, nHeads: number, causal: boolean): number[] {
    const P = Object.fromEntries(Object.entries(p).map(([k, v]) => [k, vals(v as tf.Tensor)]));
    const h = refLayerNorm(x, B * T, C, P.ln1Gamma!, P.ln1Beta!, 1e-5);
    const attn = refMha(h, B, T, C, { wq: P.wq!, wk: P.wk!, wv: P.wv!, wo: P.wo! }, nHeads, causal);
    const x1 = x.map((v, i) => v + attn[i]!);
    const h2 = refLayerNorm(x1, B * T, C, P.ln2Gamma!, P.ln2Beta!, 1e-5);
    const hidden = matmul(h2, P.w1!, B * T, C, F).map((v, i) => Math.max(0, v + P.b1![i % F]!));
    const mlp = matmul(hidden, P.w2!, B * T, F, C);
    return x1.map((v, i) => v + mlp[i]! + P.b2![i % C]!);
  }

  /** Random values everywhere (the init has unit gammas and zero biases, which would hide wiring mistakes). */
  function randomParams(seed: number): Defs {
    const p = defs().initTransformerBlock(C, F);
    Object.keys(p).forEach((k, i) =>
      p[k].assign(randn(p[k].shape, seed + i, k.startsWith('ln') ? 0.3 : 0.2, k.endsWith('Gamma') ? 1 : 0)),
    );
    return p;
  }

  it('initTransformerBlock returns variables of the right shapes', () => {
    const p = defs().initTransformerBlock(C, F);
    const shapes: Record<string, number[]> = {
      ln1Gamma: [C],
      ln1Beta: [C],
      ln2Gamma: [C],
      ln2Beta: [C],
      wq: [C, C],
      wk: [C, C],
      wv: [C, C],
      wo: [C, C],
      w1: [C, F],
      b1: [F],
      w2: [F, C],
      b2: [C],
    };
    assert.deepEqual(Object.keys(p).sort(), Object.keys(shapes).sort());
    for (const [k, shape] of Object.entries(shapes)) {
      assert.ok(p[k] instanceof tf.Variable, `${k} is not a tf.Variable`);
      assert.deepEqual(p[k].shape, shape, k);
    }
    assertClose(vals(p.ln1Gamma), new Array(C).fill(1), 0, 'ln1Gamma starts at 1');
  });

  for (const [nHeads, causal] of [
    [4, false],
    [2, true],
    [undefined, undefined],
  ] as const) {
    it(`matches a float64 pre-norm reference (nHeads=${nHeads ?? '8 (default)'}, causal=${causal ?? 'false (default)'})`, () => {
      const p = randomParams(70);
      const x = randn([B, T, C], 80);
      const y = nHeads === undefined ? defs().transformerBlock(x, p) : defs().transformerBlock(x, p, nHeads, causal);
      assert.deepEqual(y.shape, [B, T, C]);
      assertClose(vals(y), reference(vals(x), p, nHeads ?? 8, causal ?? false), 2e-4, 'block output');
    });
  }

  it('causal: output at position t does not change when later tokens change', () => {
    const p = randomParams(90);
    const x = randn([1, T, C], 91);
    const changed = tf.concat([x.slice([0, 0, 0], [1, 2, C]), randn([1, T - 2, C], 92)], 1);
    const prefix = (y: tf.Tensor) => vals(y.slice([0, 0, 0], [1, 2, C]));
    assertClose(
      prefix(defs().transformerBlock(x, p, 4, true)),
      prefix(defs().transformerBlock(changed, p, 4, true)),
      1e-5,
      'causal prefix',
    );
  });

  it('is the identity when the residual branches output zero (wo = w2 = b2 = 0)', () => {
    const p = randomParams(100);
    for (const k of ['wo', 'w2', 'b2']) p[k].assign(tf.zerosLike(p[k]));
    const x = randn([B, T, C], 101);
    assert.deepEqual(vals(defs().transformerBlock(x, p, 4, false)), vals(x));
  });

  it('gradients reach every parameter', () => {
    const p = randomParams(110);
    const x = randn([B, T, C], 111);
    const { grads } = tf.variableGrads(
      () => defs().transformerBlock(x, p, 4, true).square().sum() as tf.Scalar,
      Object.values(p) as tf.Variable[],
    );
    for (const k of Object.keys(p))
      assert.ok(
        vals(grads[p[k].name]!).some((g) => Math.abs(g) > 1e-7),
        `no gradient for ${k}`,
      );
  });

  it('is tidy', () => {
    const p = defs().initTransformerBlock(C, F);
    const x = randn([B, T, C], 120);
    assertNoTensorLeak(() => defs().transformerBlock(x, p, 4, true), 'transformerBlock');
    assertInitLeavesOnlyItsResult(() => defs().initTransformerBlock(C, F), 'initTransformerBlock');
  });
});

describeSnippet('conv2d-explicit', ['conv2dExplicit'], (defs) => {
  const cases: Array<[number[], number[], number, 'valid' | 'same']> = [
    [[2, 7, 9, 3], [3, 2, 3, 4], 1, 'valid'],
    [[2, 7, 9, 3], [3, 2, 3, 4], 2, 'valid'],
    [[2, 7, 9, 3], [3, 2, 3, 4], 1, 'same'],
    [[2, 7, 9, 3], [3, 2, 3, 4], 2, 'same'],
    [[1, 8, 8, 2], [4, 4, 2, 3], 3, 'same'],
    [[1, 6, 5, 4], [1, 1, 4, 2], 2, 'valid'],
    [[3, 5, 5, 1], [5, 5, 1, 2], 1, 'valid'],
  ];
  cases.forEach(([xs, fs, stride, pad], i) => {
    it(`equals tf.conv2d: x ${xs}, filter ${fs}, stride ${stride}, ${pad}`, () => {
      const [x, f] = [randn(xs, 130 + i), randn(fs, 140 + i)];
      const expected = tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, stride, pad);
      const y = defs().conv2dExplicit(x, f, stride, pad);
      assert.deepEqual(y.shape, expected.shape);
      assertClose(vals(y), vals(expected), 1e-4, 'conv2dExplicit vs tf.conv2d');
    });
  });

  it("defaults to stride 1, 'valid'", () => {
    const [x, f] = [randn([2, 6, 7, 3], 150), randn([3, 3, 3, 2], 151)];
    assertClose(
      vals(defs().conv2dExplicit(x, f)),
      vals(tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, 1, 'valid')),
      1e-4,
      'defaults',
    );
  });

  it('is tidy', () => {
    const [x, f] = [randn([1, 6, 6, 2], 152), randn([3, 3, 2, 2], 153)];
    assertNoTensorLeak(() => defs().conv2dExplicit(x, f, 2, 'same'), 'conv2dExplicit');
  });
});

describeSnippet('small-cnn', ['smallCnn'], (defs) => {
  it('defaults to 28×28×1 → 10 class probabilities, conv-pool ×2 + global average pooling', () => {
    const model: tf.Sequential = defs().smallCnn();
    assert.deepEqual(model.inputs[0]!.shape, [null, 28, 28, 1]);
    assert.deepEqual(model.outputs[0]!.shape, [null, 10]);
    assert.deepEqual(
      model.layers.map((l) => l.getClassName()),
      ['Conv2D', 'MaxPooling2D', 'Conv2D', 'MaxPooling2D', 'GlobalAveragePooling2D', 'Dense'],
    );
    const y = model.predict(randn([4, 28, 28, 1], 160)) as tf.Tensor;
    assert.deepEqual(y.shape, [4, 10]);
    assertClose(vals(y.sum(1)), [1, 1, 1, 1], 1e-5, 'probabilities sum to 1');
    model.dispose();
  });

  it('takes another input shape and class count', () => {
    const model: tf.Sequential = defs().smallCnn([32, 20, 3], 5);
    assert.deepEqual((model.predict(randn([2, 32, 20, 3], 161)) as tf.Tensor).shape, [2, 5]);
    model.dispose();
  });

  it('trains with the loss from its compile comment (sparse integer labels): a step moves the weights and lowers the loss', async () => {
    // small input: conv backprop on the CPU backend is slow
    const model: tf.Sequential = defs().smallCnn([8, 8, 1], 3);
    model.compile({ optimizer: tf.train.sgd(0.1), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    const x = randn([6, 8, 8, 1], 162);
    const y = tf.tensor2d(
      Array.from({ length: 6 }, (_, i) => [i % 3]),
      [6, 1],
    );
    const lossOf = () => (model.evaluate(x, y) as tf.Scalar[])[0]!.dataSync()[0];
    const before = model.getWeights().map(vals);
    const loss0 = lossOf();
    await model.trainOnBatch(x, y);
    const after = model.getWeights().map(vals);
    assert.ok(
      after.every((w, i) => w.some((v, j) => v !== before[i]![j])),
      'a training step left some weight tensor unchanged',
    );
    await model.trainOnBatch(x, y);
    const loss1 = lossOf();
    assert.ok(Number.isFinite(loss0) && loss1! < loss0!, `loss ${loss0} → ${loss1}`);
    model.dispose();
  });
});

describeSnippet('bert-token-masking', ['maskTokens'], (defs) => {
  const [rows, cols, vocab, maskId] = [100, 1000, 1000, 4];
  const next = seeded(170);
  const ids = tf.tensor2d(
    Array.from({ length: rows * cols }, () => 5 + Math.floor(next() * (vocab - 5))),
    [rows, cols],
    'int32',
  );

  function stats(inputs: tf.Tensor, labels: tf.Tensor) {
    const [x, inp, lab] = [vals(ids), vals(inputs), vals(labels)];
    let [selected, masked, random, unchanged] = [0, 0, 0, 0];
    for (let i = 0; i < x.length; i++) {
      if (lab[i] === -100) {
        assert.equal(inp[i], x[i], `unselected token ${i} changed`);
        continue;
      }
      assert.equal(lab[i], x[i], `label ${i} is not the original id`);
      selected++;
      if (inp[i] === maskId) masked++;
      else if (inp[i] === x[i]) unchanged++;
      else {
        assert.ok(Number.isInteger(inp[i]) && inp[i]! >= 0 && inp[i]! < vocab, `random id ${inp[i]} out of range`);
        random++;
      }
    }
    return {
      selected: selected / x.length,
      masked: masked / selected,
      random: random / selected,
      unchanged: unchanged / selected,
    };
  }

  it('selects ~15% by default; of those ~80% [MASK], ~10% random, ~10% kept; labels −100 elsewhere; int32', () => {
    const { inputs, labels } = defs().maskTokens(ids, maskId, vocab);
    assert.equal(inputs.dtype, 'int32');
    assert.equal(labels.dtype, 'int32');
    assert.deepEqual(inputs.shape, [rows, cols]);
    assert.deepEqual(labels.shape, [rows, cols]);
    const s = stats(inputs, labels);
    assertClose(s.selected, 0.15, 0.01, 'selected fraction');
    assertClose(s.masked, 0.8, 0.02, 'masked fraction of selected');
    assertClose(s.random, 0.1, 0.02, 'random fraction of selected');
    assertClose(s.unchanged, 0.1, 0.02, 'unchanged fraction of selected');
  });

  it('follows mlmProb and never selects special ids', () => {
    const special = [101, 102];
    const withSpecial = tf.tidy(() =>
      tf.concat(
        [tf.fill([rows, 1], 101, 'int32'), ids.slice([0, 1], [rows, cols - 2]), tf.fill([rows, 1], 102, 'int32')],
        1,
      ),
    );
    const { labels } = defs().maskTokens(withSpecial, maskId, vocab, 0.3, special);
    const [x, lab] = [vals(withSpecial), vals(labels)];
    const selected = lab.filter((l) => l !== -100).length / lab.length;
    assertClose(
      selected,
      0.3 * (1 - vals(withSpecial).filter((v) => special.includes(v)).length / x.length),
      0.01,
      'selected fraction at mlmProb 0.3',
    );
    x.forEach((v, i) => special.includes(v) && assert.equal(lab[i], -100, `special token at ${i} selected`));
  });

  it('is tidy', () => assertNoTensorLeak(() => defs().maskTokens(ids, maskId, vocab), 'maskTokens'));
});

describeSnippet('gcn-layer', ['normalizedAdjacency', 'gcnLayer'], (defs) => {
  // path 0 – 1 – 2, node 3 isolated
  const edges = [
    [0, 1],
    [1, 2],
  ];
  const n = 4;
  const adjRows = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => (edges.some(([a, b]) => (a === i && b === j) || (a === j && b === i)) ? 1 : 0)),
  );
  const expected = (): number[] => {
    const a = adjRows.map((row, i) => row.map((v, j) => v + (i === j ? 1 : 0)));
    const deg = a.map((row) => sum(row));
    return a.flatMap((row, i) => row.map((v, j) => v / Math.sqrt(deg[i]! * deg[j]!)));
  };

  it('normalizedAdjacency = D^-½ (A + I) D^-½: symmetric, expected entries (float or int input)', () => {
    for (const dtype of ['float32', 'int32'] as const) {
      const aHat = defs().normalizedAdjacency(tf.tensor2d(adjRows, [n, n], dtype));
      const v = vals(aHat);
      assertClose(v, expected(), 1e-6, `Â from ${dtype}`);
      assertClose(v, vals(aHat.transpose()), 0, 'symmetric');
    }
    // spot values: Â[0,0] = 1/2, Â[0,1] = 1/√6, Â[1,1] = 1/3, isolated node keeps only itself
    const v = vals(defs().normalizedAdjacency(tf.tensor2d(adjRows)));
    assertClose([v[0]!, v[1]!, v[5]!, v[2]!, v[15]!], [1 / 2, 1 / Math.sqrt(6), 1 / 3, 0, 1], 1e-6, 'spot values');
  });

  it('gcnLayer = relu(Â·X·W) by default, any activation otherwise', () => {
    const aHat = defs().normalizedAdjacency(tf.tensor2d(adjRows));
    const [x, w] = [randn([n, 3], 180), randn([3, 2], 181)];
    const linear = matmul(matmul(expected(), vals(x), n, n, 3), vals(w), n, 3, 2);
    assert.ok(
      linear.some((v) => v < 0),
      'test needs negative pre-activations',
    );
    assertClose(
      vals(defs().gcnLayer(x, aHat, w)),
      linear.map((v) => Math.max(0, v)),
      1e-5,
      'relu(ÂXW)',
    );
    assertClose(vals(defs().gcnLayer(x, aHat, w, (t: tf.Tensor) => t)), linear, 1e-5, 'ÂXW');
  });

  it('is tidy', () => {
    const adj = tf.tensor2d(adjRows);
    const aHat = defs().normalizedAdjacency(adj);
    const [x, w] = [randn([n, 3], 182), randn([3, 2], 183)];
    assertNoTensorLeak(() => defs().normalizedAdjacency(adj), 'normalizedAdjacency');
    assertNoTensorLeak(() => defs().gcnLayer(x, aHat, w), 'gcnLayer');
  });
});

describeSnippet('label-smoothing-cross-entropy', ['labelSmoothingCrossEntropy'], (defs) => {
  const logitsRows = [
    [2, 1, 0.5, -1],
    [0.1, 0.2, 3, 0],
    [-2, 4, 1, 1],
  ];
  const labels = [0, 2, 3];
  const K = 4;
  const handComputed = (eps: number): number =>
    mean(
      logitsRows.map((row, i) => {
        const logZ = Math.log(sum(row.map(Math.exp)));
        return -sum(row.map((z, k) => ((k === labels[i] ? 1 - eps : 0) + eps / K) * (z - logZ)));
      }),
    );

  it('equals the hand-computed value for ε = 0.1 (default) and ε = 0.3', () => {
    const logits = tf.tensor2d(logitsRows);
    const y = tf.tensor1d(labels, 'int32');
    assertClose(
      defs().labelSmoothingCrossEntropy(logits, y, K).dataSync()[0],
      handComputed(0.1),
      1e-5,
      'ε = 0.1 (default)',
    );
    assertClose(defs().labelSmoothingCrossEntropy(logits, y, K, 0.3).dataSync()[0], handComputed(0.3), 1e-5, 'ε = 0.3');
    assert.notEqual(handComputed(0.1), handComputed(0));
  });

  it('equals plain cross-entropy when smoothing = 0', () => {
    const logits = tf.tensor2d(logitsRows);
    const plain = mean(logitsRows.map((row, i) => Math.log(sum(row.map(Math.exp))) - row[labels[i]!]!));
    assertClose(
      defs().labelSmoothingCrossEntropy(logits, tf.tensor1d(labels, 'int32'), K, 0).dataSync()[0],
      plain,
      1e-5,
      'ε = 0',
    );
  });

  it("the comment's claim holds: equals tf.losses.softmaxCrossEntropy(oneHot, logits, undefined, ε)", () => {
    const logits = randn([16, 5], 190, 2);
    const y = tf.tensor1d(
      Array.from({ length: 16 }, (_, i) => (i * 7) % 5),
      'int32',
    );
    const builtIn = tf.losses.softmaxCrossEntropy(tf.oneHot(y, 5), logits, undefined, 0.2);
    assertClose(
      defs().labelSmoothingCrossEntropy(logits, y, 5, 0.2).dataSync()[0],
      builtIn.dataSync()[0]!,
      1e-5,
      'vs tf.losses',
    );
  });

  it('is tidy', () => {
    const [logits, y] = [tf.tensor2d(logitsRows), tf.tensor1d(labels, 'int32')];
    assertNoTensorLeak(() => defs().labelSmoothingCrossEntropy(logits, y, K), 'labelSmoothingCrossEntropy');
  });
});

describeSnippet('huber-loss', ['huberLoss'], (defs) => {
  const pred = () => randn([40], 200, 2);
  const target = () => randn([40], 201, 1);

  for (const delta of [undefined, 0.5, 2]) {
    it(`equals tf.losses.huberLoss (MEAN) and the piecewise formula, delta = ${delta ?? '1 (default)'}`, () => {
      const [p, t] = [pred(), target()];
      const d = delta ?? 1;
      const errors = vals(p).map((v, i) => Math.abs(v - vals(t)[i]!));
      assert.ok(errors.some((e) => e < d) && errors.some((e) => e > d), 'test needs both regimes');
      const loss = (delta === undefined ? defs().huberLoss(p, t) : defs().huberLoss(p, t, delta)).dataSync()[0];
      const builtIn = tf.losses.huberLoss(t, p, undefined, d, tf.Reduction.MEAN).dataSync()[0];
      assertClose(loss, builtIn!, 1e-5, 'vs tf.losses.huberLoss');
      assertClose(loss, mean(errors.map((e) => (e <= d ? 0.5 * e * e : d * (e - 0.5 * d)))), 1e-5, 'vs formula');
    });
  }

  it('works on 2-D tensors and is tidy', () => {
    const [p, t] = [randn([5, 8], 202, 2), randn([5, 8], 203)];
    assertClose(
      defs().huberLoss(p, t).dataSync()[0],
      tf.losses.huberLoss(t, p, undefined, 1, tf.Reduction.MEAN).dataSync()[0]!,
      1e-5,
      '2-D',
    );
    assertNoTensorLeak(() => defs().huberLoss(p, t), 'huberLoss');
  });
});

describeSnippet('temperature-scaling-ece', ['fitTemperature', 'expectedCalibrationError'], (defs) => {
  // Calibrated synthetic data: labels drawn from softmax(z); logits 3z are overconfident (true T = 3).
  const [n, K, trueT] = [3000, 5, 3];
  const next = seeded(210);
  const z = gaussians(n * K, next, 1.5);
  const labelsArr = Array.from({ length: n }, (_, i) => {
    const p = softmax(z.slice(i * K, (i + 1) * K));
    let u = next();
    for (let k = 0; k < K; k++) if ((u -= p[k]!) < 0) return k;
    return K - 1;
  });
  const nll = (logits: number[], T: number): number =>
    mean(
      labelsArr.map((y, i) => {
        const row = logits.slice(i * K, (i + 1) * K).map((v) => v / T);
        return Math.log(sum(row.map(Math.exp))) - row[y]!;
      }),
    );
  /** ECE with explicit bin edges (lower, upper], as in Guo et al.'s code. */
  function referenceEce(probs: number[], labels: number[], nBins: number, k: number): number {
    const conf = labels.map((_, i) => Math.max(...probs.slice(i * k, (i + 1) * k)));
    const correct = labels.map((y, i) => (probs.slice(i * k, (i + 1) * k).indexOf(conf[i]!) === y ? 1 : 0));
    let ece = 0;
    for (let b = 0; b < nBins; b++) {
      const members = conf.map((_, i) => i).filter((i) => conf[i]! > b / nBins && conf[i]! <= (b + 1) / nBins);
      if (members.length)
        ece +=
          (members.length / labels.length) *
          Math.abs(mean(members.map((i) => correct[i]!)) - mean(members.map((i) => conf[i]!)));
    }
    return ece;
  }

  it('fitTemperature recovers T ≈ 3 on 3× overconfident logits and lowers their NLL', () => {
    const overconfident = z.map((v) => v * trueT);
    const T = defs().fitTemperature(tf.tensor2d(overconfident, [n, K]), tf.tensor1d(labelsArr, 'int32'));
    assert.equal(typeof T, 'number');
    assertRelClose(T, trueT, 0.15, 'fitted temperature');
    assert.ok(
      nll(overconfident, T) < nll(overconfident, 1) - 0.1,
      `NLL ${nll(overconfident, 1)} → ${nll(overconfident, T)}`,
    );
  });

  it('fitTemperature leaves calibrated logits at T ≈ 1 and leaks nothing', () => {
    const logits = tf.tensor2d(z, [n, K]);
    const labels = tf.tensor1d(labelsArr, 'int32');
    const before = tf.memory().numTensors;
    const T = defs().fitTemperature(logits, labels, 100);
    assert.equal(tf.memory().numTensors, before, 'fitTemperature leaves tensors or variables behind');
    assertRelClose(T, 1, 0.15, 'temperature of calibrated logits');
  });

  it('ECE ≈ 0 on perfectly calibrated data, large when overconfident, equal to a binned reference', () => {
    const calibrated = tf.softmax(tf.tensor2d(z, [n, K]));
    const overconfident = tf.softmax(
      tf.tensor2d(
        z.map((v) => v * trueT),
        [n, K],
      ),
    );
    const eceCal = defs().expectedCalibrationError(calibrated, tf.tensor1d(labelsArr, 'int32'));
    const eceOver = defs().expectedCalibrationError(overconfident, tf.tensor1d(labelsArr, 'int32'));
    assert.ok(eceCal < 0.03, `ECE of calibrated data: ${eceCal}`);
    assert.ok(eceOver > 0.1, `ECE of overconfident data: ${eceOver}`);
    assertClose(eceCal, referenceEce(vals(calibrated), labelsArr, 15, K), 1e-6, 'calibrated vs reference (15 bins)');
    assertClose(
      eceOver,
      referenceEce(vals(overconfident), labelsArr, 15, K),
      1e-6,
      'overconfident vs reference (15 bins)',
    );
    assertClose(
      defs().expectedCalibrationError(overconfident, tf.tensor1d(labelsArr, 'int32'), 7),
      referenceEce(vals(overconfident), labelsArr, 7, K),
      1e-6,
      '7 bins',
    );
  });

  it('ECE on a small hand case (accepts plain label arrays)', () => {
    // confidences 0.9 ✓, 0.62 ✗, 0.81 ✓, 0.64 ✓ → bins {0.9}, {0.62, 0.64}, {0.81} with 15 bins
    const probs = tf.tensor2d([
      [0.9, 0.1],
      [0.38, 0.62],
      [0.81, 0.19],
      [0.64, 0.36],
    ]);
    const labels = [0, 0, 0, 0];
    const byHand = (Math.abs(1 - 0.9) + Math.abs(0 - 0.62 + 1 - 0.64) + Math.abs(1 - 0.81)) / 4;
    assertClose(defs().expectedCalibrationError(probs, labels), byHand, 1e-6, '15 bins');
    assertClose(
      defs().expectedCalibrationError(probs, labels, 1),
      Math.abs(3 / 4 - (0.9 + 0.62 + 0.81 + 0.64) / 4),
      1e-6,
      '1 bin',
    );
    const before = tf.memory().numTensors;
    defs().expectedCalibrationError(probs, labels);
    assert.equal(tf.memory().numTensors, before, 'expectedCalibrationError leaks');
  });
});

describeSnippet('affine-coupling-layer', ['affineCoupling', 'affineCouplingInverse', 'initCouplingParams'], (defs) => {
  const dim = 5;
  function randomParams(): Defs {
    const p = defs().initCouplingParams(dim, 16);
    Object.keys(p).forEach((k, i) => p[k].assign(randn(p[k].shape, 220 + i, 0.7)));
    return p;
  }

  it('initCouplingParams: default hidden 64, zero output layers make the flow start as the identity', () => {
    const p = defs().initCouplingParams(4);
    assert.deepEqual(p.w1.shape, [2, 64]);
    const x = randn([3, 4], 230);
    const { y, logDet } = defs().affineCoupling(x, p);
    assertClose(vals(y), vals(x), 1e-6, 'identity at init');
    assertClose(vals(logDet), [0, 0, 0], 1e-6, 'log-det at init');
  });

  it('inverse(forward(x)) ≈ x, forward(inverse(y)) ≈ y, first half passes through', () => {
    const p = randomParams();
    const x = randn([6, dim], 231);
    const { y } = defs().affineCoupling(x, p);
    assert.deepEqual(y.shape, [6, dim]);
    assert.ok(
      vals(y).some((v, i) => Math.abs(v - vals(x)[i]!) > 1e-2),
      'random params should transform x',
    );
    assertClose(vals(y.slice([0, 0], [6, 2])), vals(x.slice([0, 0], [6, 2])), 0, 'y1 = x1');
    assertClose(vals(defs().affineCouplingInverse(y, p)), vals(x), 1e-4, 'inverse(forward(x))');
    assertClose(
      vals(defs().affineCoupling(defs().affineCouplingInverse(x, p), p).y),
      vals(x),
      1e-4,
      'forward(inverse(x))',
    );
  });

  it('logDet equals log|det J| of the Jacobian computed with tf.grad', () => {
    const p = randomParams();
    const batch = 6;
    const x = randn([batch, dim], 232);
    const { logDet } = defs().affineCoupling(x, p);
    assert.deepEqual(logDet.shape, [batch]);
    // row j of each example's Jacobian: gradient of y[:, j] summed over the batch (examples are independent)
    const rows = Array.from({ length: dim }, (_, j) =>
      vals(tf.grad((xi: tf.Tensor) => defs().affineCoupling(xi, p).y.slice([0, j], [batch, 1]).sum())(x)),
    );
    const expected = Array.from({ length: batch }, (_, b) =>
      Math.log(Math.abs(determinant(rows.map((g) => g.slice(b * dim, (b + 1) * dim))))),
    );
    assert.ok(
      expected.some((v) => Math.abs(v) > 0.1),
      'test needs a non-volume-preserving transform',
    );
    assertClose(vals(logDet), expected, 1e-4, 'logDet');
  });

  it('is tidy', () => {
    const p = randomParams();
    const x = randn([4, dim], 233);
    assertNoTensorLeak(() => defs().affineCoupling(x, p), 'affineCoupling');
    assertNoTensorLeak(() => defs().affineCouplingInverse(x, p), 'affineCouplingInverse');
    assertInitLeavesOnlyItsResult(() => defs().initCouplingParams(dim, 8), 'initCouplingParams');
  });
});

describeSnippet('adam-from-scratch', ['adamStep', 'createAdamState'], (defs) => {
  const X = randn([2, 5], 240);
  const Y = randn([3, 5], 241);
  const c = tf.tensor1d([0.5, 2, 1, 3]);
  // e's gradient is a constant 1e-7, where eps visibly changes the step (g / (|g| + eps))
  const loss = (a: tf.Variable, b: tf.Variable, e: tf.Variable) => () =>
    tf.addN([
      tf.mean(tf.square(tf.matMul(a, X).sub(Y))),
      tf.sum(c.mul(tf.pow(b, 4))),
      tf.sum(e.mul(1e-7)),
    ]) as tf.Scalar;

  function compare(hyper: number[] | undefined, optimizer: tf.Optimizer, steps: number): void {
    const make = () => [
      tf.variable(randn([3, 2], 242), true, uniqueName('a')),
      tf.variable(randn([4], 243), true, uniqueName('b')),
      tf.variable(randn([3], 244), true, uniqueName('e')),
    ];
    const [refA, refB, refE] = make();
    const [a, b, e] = make();
    const vars = { [a!.name]: a, [b!.name]: b, [e!.name]: e };
    const state = defs().createAdamState(vars);
    const start = vals(a!);
    for (let step = 1; step <= steps; step++) {
      const refGrads = tf.variableGrads(loss(refA!, refB!, refE!), [refA!, refB!, refE!]);
      optimizer.applyGradients(refGrads.grads);
      const g = tf.variableGrads(loss(a!, b!, e!), [a!, b!, e!]);
      if (hyper) defs().adamStep(vars, g.grads, state, ...hyper);
      else defs().adamStep(vars, g.grads, state);
      tf.dispose([refGrads, g]);
      assertClose(vals(a!), vals(refA!), 1e-5, `a after step ${step}`);
      assertClose(vals(b!), vals(refB!), 1e-5, `b after step ${step}`);
      assertClose(vals(e!), vals(refE!), 1e-5, `e (tiny gradient) after step ${step}`);
    }
    assert.equal(state.t, steps);
    assert.ok(
      vals(a!).some((v, i) => Math.abs(v - start[i]!) > 0.5 * (hyper?.[0] ?? 1e-3)),
      'parameters did not move',
    );
    optimizer.dispose();
  }

  it('matches tf.train.adam(1e-3, 0.9, 0.999, 1e-8) with the default hyper-parameters over 10 steps', () =>
    compare(undefined, tf.train.adam(1e-3, 0.9, 0.999, 1e-8), 10));
  it('matches tf.train.adam(0.05, 0.8, 0.99, 1e-6) over 15 steps', () =>
    compare([0.05, 0.8, 0.99, 1e-6], tf.train.adam(0.05, 0.8, 0.99, 1e-6), 15));

  it('accepts arrays and does not leak across steps', () => {
    const vars = [tf.variable(tf.ones([3])), tf.variable(tf.zeros([2, 2]))];
    const grads = [tf.tensor1d([1, -2, 0.5]), tf.ones([2, 2])];
    const state = defs().createAdamState(vars);
    assertNoTensorLeak(() => defs().adamStep(vars, grads, state, 0.1), 'adamStep');
    assertInitLeavesOnlyItsResult(() => defs().createAdamState(vars), 'createAdamState');
    // first steps of Adam move each parameter by ≈ lr·sign(g) while the gradient is constant
    assertClose(vals(vars[0]!), [1 - 0.4, 1 + 0.4, 1 - 0.4], 1e-4, 'four steps of ≈ lr·sign(g)');
  });
});

describeSnippet('batch-norm-from-scratch', ['batchNorm', 'createBatchNormState'], (defs) => {
  const [N, F] = [256, 3];
  const means = [2, -1, 0.5];
  const stds = [3, 0.5, 1];
  const input = (seed: number) => tf.tidy(() => randn([N, F], seed).mul(tf.tensor1d(stds)).add(tf.tensor1d(means)));
  const column = (v: number[], f: number, width = F) => v.filter((_, i) => i % width === f);
  const unbiased = (xs: number[]) => (variance(xs) * xs.length) / (xs.length - 1);

  it('training: per-feature mean ≈ 0, variance ≈ 1; running stats move by momentum 0.1 (unbiased variance)', () => {
    const state = defs().createBatchNormState(F);
    assertClose(vals(state.runningMean), [0, 0, 0], 0, 'initial running mean');
    assertClose(vals(state.runningVar), [1, 1, 1], 0, 'initial running var');
    const [x1, x2] = [input(250), input(251)];
    const y = vals(defs().batchNorm(x1, state, true));
    for (let f = 0; f < F; f++) {
      assertClose(mean(column(y, f)), 0, 1e-4, `mean of feature ${f}`);
      assertClose(variance(column(y, f)), 1, 1e-3, `variance of feature ${f}`);
    }
    const m1 = [0, 1, 2].map((f) => mean(column(vals(x1), f)));
    const v1 = [0, 1, 2].map((f) => unbiased(column(vals(x1), f)));
    assertClose(
      vals(state.runningMean),
      m1.map((m) => 0.1 * m),
      1e-4,
      'running mean after 1 step',
    );
    assertClose(
      vals(state.runningVar),
      v1.map((v) => 0.9 + 0.1 * v),
      1e-3,
      'running var after 1 step',
    );
    defs().batchNorm(x2, state, true, 0.5);
    const m2 = [0, 1, 2].map((f) => mean(column(vals(x2), f)));
    const v2 = [0, 1, 2].map((f) => unbiased(column(vals(x2), f)));
    assertClose(
      vals(state.runningMean),
      m1.map((m, f) => 0.5 * 0.1 * m + 0.5 * m2[f]!),
      1e-4,
      'running mean after 2 steps (momentum 0.5)',
    );
    assertClose(
      vals(state.runningVar),
      v1.map((v, f) => 0.5 * (0.9 + 0.1 * v) + 0.5 * v2[f]!),
      1e-3,
      'running var after 2 steps',
    );
  });

  it('eval: uses the running statistics (eps 1e-5) and leaves them unchanged', () => {
    const state = defs().createBatchNormState(F);
    state.runningMean.assign(tf.tensor1d(means));
    state.runningVar.assign(tf.tensor1d(stds.map((s) => s * s)));
    state.gamma.assign(tf.tensor1d([1, 2, 0.5]));
    state.beta.assign(tf.tensor1d([0, -1, 3]));
    const x = input(252);
    const y = vals(defs().batchNorm(x, state, false));
    const gamma = [1, 2, 0.5];
    const beta = [0, -1, 3];
    const expected = vals(x).map(
      (v, i) => ((v - means[i % F]!) / Math.sqrt(stds[i % F]! ** 2 + 1e-5)) * gamma[i % F]! + beta[i % F]!,
    );
    assertClose(y, expected, 1e-4, 'eval output');
    assertClose(vals(state.runningMean), means, 1e-6, 'running mean unchanged');
    assertClose(
      vals(state.runningVar),
      stds.map((s) => s * s),
      1e-5,
      'running var unchanged',
    );
  });

  it('training applies gamma and beta, and normalizes per channel for [n, h, w, c] inputs', () => {
    const state = defs().createBatchNormState(F);
    state.gamma.assign(tf.tensor1d([2, 2, 2]));
    state.beta.assign(tf.tensor1d([1, 1, 1]));
    const y = vals(defs().batchNorm(input(253), state, true));
    for (let f = 0; f < F; f++) {
      assertClose(mean(column(y, f)), 1, 1e-4, `mean of feature ${f}`);
      assertClose(variance(column(y, f)), 4, 4e-3, `variance of feature ${f}`);
    }
    const images = randn([4, 5, 5, 2], 254, 3, 1);
    const y4 = vals(defs().batchNorm(images, defs().createBatchNormState(2), true));
    for (let f = 0; f < 2; f++) assertClose(variance(column(y4, f, 2)), 1, 1e-3, `variance of channel ${f}`);
  });

  it('is tidy in both modes', () => {
    const state = defs().createBatchNormState(F);
    const x = input(255);
    assertNoTensorLeak(() => defs().batchNorm(x, state, true), 'batchNorm (training)');
    assertNoTensorLeak(() => defs().batchNorm(x, state, false), 'batchNorm (eval)');
    assertInitLeavesOnlyItsResult(() => defs().createBatchNormState(F), 'createBatchNormState');
  });
});

describeSnippet('reparameterization-trick', ['reparameterize'], (defs) => {
  it('samples have mean mu and variance exp(logVar)', () => {
    const n = 200000;
    const z = vals(defs().reparameterize(tf.fill([n], 1.5), tf.fill([n], Math.log(0.25))));
    assertClose(mean(z), 1.5, 0.01, 'mean');
    assertRelClose(variance(z), 0.25, 0.05, 'variance');
    const z2 = vals(defs().reparameterize(tf.fill([n], -3), tf.fill([n], Math.log(4))));
    assertClose(mean(z2), -3, 0.04, 'mean (σ = 2)');
    assertRelClose(variance(z2), 4, 0.05, 'variance (σ = 2)');
  });

  it('gradients flow to mu and logVar: ∂z/∂mu = 1, ∂z/∂logVar = ½(z − mu)', () => {
    const [mu, logVar, w] = [randn([1000], 260), randn([1000], 261, 0.5), randn([1000], 262)];
    let z: tf.Tensor | undefined;
    const [gMu, gLogVar] = tf.grads((m: tf.Tensor, lv: tf.Tensor) => {
      const out = defs().reparameterize(m, lv) as tf.Tensor;
      z = tf.keep(out.clone());
      return out.mul(w).sum();
    })([mu, logVar]);
    assertClose(vals(gMu!), vals(w), 1e-6, '∂/∂mu');
    const [zv, mv, wv] = [vals(z!), vals(mu), vals(w)];
    assertClose(
      vals(gLogVar!),
      zv.map((v, i) => wv[i]! * 0.5 * (v - mv[i]!)),
      1e-5,
      '∂/∂logVar',
    );
  });

  it('is tidy', () => {
    const [mu, lv] = [tf.zeros([10]), tf.zeros([10])];
    assertNoTensorLeak(() => defs().reparameterize(mu, lv), 'reparameterize');
  });
});

describeSnippet('reinforce-with-baseline', ['reinforceLoss'], (defs) => {
  const [N, A] = [6, 4];
  const next = seeded(270);
  const actions = Array.from({ length: N }, () => Math.floor(next() * A));
  const rewards = gaussians(N, next, 2, 1);

  it('loss = −mean((R − b)·log π); its gradient is −mean((R − b)∇log π), none through the baseline', () => {
    const theta = tf.variable(randn([N, A], 271), true, uniqueName('theta'));
    const oneHot = tf.oneHot(tf.tensor1d(actions, 'int32'), A);
    // the baseline depends on θ on purpose: a gradient through it would change the result
    const lossFn = () => {
      const logProbs = tf.logSoftmax(theta).mul(oneHot).sum(1);
      return defs().reinforceLoss(logProbs, tf.tensor1d(rewards), theta.mean(1)) as tf.Scalar;
    };
    const { value, grads } = tf.variableGrads(lossFn, [theta]);
    const th = vals(theta);
    const rows = Array.from({ length: N }, (_, i) => th.slice(i * A, (i + 1) * A));
    const adv = rows.map((row, i) => rewards[i]! - mean(row));
    const logPi = rows.map((row, i) => row[actions[i]!]! - Math.log(sum(row.map(Math.exp))));
    assertClose(value.dataSync()[0]!, -mean(adv.map((a, i) => a * logPi[i]!)), 1e-5, 'loss value');
    const expected = rows.flatMap((row, i) =>
      softmax(row).map((p, k) => -(adv[i]! * ((k === actions[i] ? 1 : 0) - p)) / N),
    );
    assertClose(vals(grads[theta.name]!), expected, 1e-5, 'gradient');
  });

  it('broadcasts a scalar baseline', () => {
    const logProbs = tf.tensor1d([-0.5, -1.2, -0.1, -2, -0.7, -0.3]);
    const value = defs().reinforceLoss(logProbs, tf.tensor1d(rewards), tf.scalar(0.5)).dataSync()[0];
    assertClose(value, -mean(vals(logProbs).map((lp, i) => (rewards[i]! - 0.5) * lp)), 1e-5, 'scalar baseline');
  });

  it('is tidy', () => {
    const [lp, r, b] = [tf.tensor1d([-1, -2]), tf.tensor1d([1, 0]), tf.tensor1d([0.5, 0.5])];
    assertNoTensorLeak(() => defs().reinforceLoss(lp, r, b), 'reinforceLoss');
  });
});

describeSnippet('vae-elbo-loss', ['vaeLoss'], (defs) => {
  const [B, D, Z] = [4, 6, 3];
  const logits = () => randn([B, D], 280, 2);
  const x = () => tf.tidy(() => tf.randomUniform([B, D], 0, 1, 'float32', 281).round());
  const mu = () => randn([B, Z], 282);
  const logVar = () => randn([B, Z], 283, 0.5);
  const klRef = (m: number[], lv: number[]) =>
    mean(
      Array.from(
        { length: B },
        (_, b) =>
          -0.5 *
          sum(Array.from({ length: Z }, (_, j) => 1 + lv[b * Z + j]! - m[b * Z + j]! ** 2 - Math.exp(lv[b * Z + j]!))),
      ),
    );
  const reconRef = (l: number[], xv: number[]) => {
    const sig = (t: number) => 1 / (1 + Math.exp(-t));
    const bce = l.map((t, i) => -(xv[i]! * Math.log(sig(t)) + (1 - xv[i]!) * Math.log(1 - sig(t))));
    return mean(Array.from({ length: B }, (_, b) => sum(bce.slice(b * D, (b + 1) * D))));
  };

  it('recon = per-example summed BCE with logits, KL = closed form, loss = recon + β·KL (β = 1 default, 0.5)', () => {
    const [l, xs, m, lv] = [logits(), x(), mu(), logVar()];
    const out = defs().vaeLoss(l, xs, m, lv);
    const [recon, kl] = [reconRef(vals(l), vals(xs)), klRef(vals(m), vals(lv))];
    assertClose(out.recon.dataSync()[0], recon, 1e-4, 'recon');
    assertClose(out.kl.dataSync()[0], kl, 1e-5, 'kl');
    assertClose(out.loss.dataSync()[0], recon + kl, 1e-4, 'loss (β = 1)');
    assertClose(defs().vaeLoss(l, xs, m, lv, 0.5).loss.dataSync()[0], recon + 0.5 * kl, 1e-4, 'loss (β = 0.5)');
    assert.ok(kl > 0);
  });

  it('KL is 0 for mu = 0, logVar = 0', () => {
    assertClose(
      defs()
        .vaeLoss(logits(), x(), tf.zeros([B, Z]), tf.zeros([B, Z]))
        .kl.dataSync()[0],
      0,
      1e-7,
      'KL(N(0, I) ‖ N(0, I))',
    );
  });

  it('sums over every non-batch axis and stays finite for extreme logits', () => {
    const [l, xs, m, lv] = [logits(), x(), mu(), logVar()];
    const flat = defs().vaeLoss(l, xs, m, lv).recon.dataSync()[0];
    assertClose(
      defs()
        .vaeLoss(l.reshape([B, 2, 3]), xs.reshape([B, 2, 3]), m, lv)
        .recon.dataSync()[0],
      flat,
      1e-5,
      'image-shaped',
    );
    const extreme = defs()
      .vaeLoss(tf.fill([B, D], 200), tf.zeros([B, D]), m, lv)
      .recon.dataSync()[0];
    assertClose(extreme, 200 * D, 1e-2, 'BCE of logit 200 on target 0');
  });

  it('is tidy', () => {
    const [l, xs, m, lv] = [logits(), x(), mu(), logVar()];
    assertNoTensorLeak(() => defs().vaeLoss(l, xs, m, lv), 'vaeLoss');
  });
});

describeSnippet('residual-block', ['residualBlock', 'initResidualBlock'], (defs) => {
  const [dim, hidden] = [8, 16];
  function randomParams(seed: number): Defs {
    const p = defs().initResidualBlock(dim, hidden);
    Object.keys(p).forEach((k, i) => p[k].assign(randn(p[k].shape, seed + i, 0.5, k === 'gamma' ? 1 : 0)));
    return p;
  }

  it('initResidualBlock returns variables of the right shapes', () => {
    const p = defs().initResidualBlock(dim, hidden);
    const shapes: Record<string, number[]> = {
      gamma: [dim],
      beta: [dim],
      w1: [dim, hidden],
      b1: [hidden],
      w2: [hidden, dim],
      b2: [dim],
    };
    assert.deepEqual(Object.keys(p).sort(), Object.keys(shapes).sort());
    for (const [k, shape] of Object.entries(shapes)) assert.deepEqual(p[k].shape, shape, k);
  });

  it('equals x + relu(LN(x)·W1 + b1)·W2 + b2 (float64 reference), for 2-D and 3-D inputs', () => {
    const p = randomParams(290);
    const P = Object.fromEntries(Object.entries(p).map(([k, v]) => [k, vals(v as tf.Tensor)]));
    const x = randn([6, dim], 300, 2, 1);
    const h = refLayerNorm(vals(x), 6, dim, P.gamma!, P.beta!, 1e-5);
    const act = matmul(h, P.w1!, 6, dim, hidden).map((v, i) => Math.max(0, v + P.b1![i % hidden]!));
    const expected = matmul(act, P.w2!, 6, hidden, dim).map((v, i) => vals(x)[i]! + v + P.b2![i % dim]!);
    const y = defs().residualBlock(x, p);
    assert.deepEqual(y.shape, [6, dim]);
    assertClose(vals(y), expected, 1e-4, '2-D');
    const y3 = defs().residualBlock(x.reshape([2, 3, dim]), p);
    assert.deepEqual(y3.shape, [2, 3, dim]);
    assertClose(vals(y3), expected, 1e-4, '3-D');
  });

  it('is the identity when the branch weights are zero', () => {
    const p = randomParams(310);
    p.w2.assign(tf.zeros([hidden, dim]));
    p.b2.assign(tf.zeros([dim]));
    const x = randn([5, dim], 320);
    assert.deepEqual(vals(defs().residualBlock(x, p)), vals(x));
  });

  it('is tidy', () => {
    const p = defs().initResidualBlock(dim, hidden);
    const x = randn([5, dim], 330);
    assertNoTensorLeak(() => defs().residualBlock(x, p), 'residualBlock');
    assertInitLeavesOnlyItsResult(() => defs().initResidualBlock(dim, hidden), 'initResidualBlock');
  });
});

describeSnippet('gradient-clipping', ['clipByGlobalNorm'], (defs) => {
  const grads = () => ({ a: randn([3, 4], 340, 2), b: randn([7], 341, 2) });
  const globalNorm = (g: Record<string, tf.Tensor>) =>
    Math.sqrt(sum(Object.values(g).flatMap((t) => vals(t).map((v) => v * v))));

  it('returns the global norm and scales every gradient by maxNorm/norm when above maxNorm (default 1)', () => {
    const g = grads();
    const norm = globalNorm(g);
    assert.ok(norm > 1, 'test needs a norm above the default maxNorm');
    const out = defs().clipByGlobalNorm(g);
    assertRelClose(out.norm.dataSync()[0], norm, 1e-5, 'norm');
    assertRelClose(globalNorm(out.grads), 1, 1e-4, 'clipped norm');
    for (const k of ['a', 'b'])
      assertClose(
        vals(out.grads[k]),
        vals(g[k as 'a' | 'b']).map((v) => v / norm),
        1e-5,
        `direction of ${k}`,
      );
    const three = defs().clipByGlobalNorm(g, 3);
    assertRelClose(globalNorm(three.grads), 3, 1e-4, 'clipped to 3');
  });

  it('leaves gradients untouched below maxNorm (new tensors, inputs still usable)', () => {
    const g = grads();
    const norm = globalNorm(g);
    const out = defs().clipByGlobalNorm(g, norm * 1.5);
    assertRelClose(out.norm.dataSync()[0], norm, 1e-5, 'norm');
    for (const k of ['a', 'b'] as const) assert.deepEqual(vals(out.grads[k]), vals(g[k]));
    tf.dispose(out);
    assert.ok(!g.a.isDisposed && !g.b.isDisposed, 'disposing the result disposed the inputs');
  });

  it('is tidy', () => {
    const g = grads();
    assertNoTensorLeak(() => defs().clipByGlobalNorm(g, 0.5), 'clipByGlobalNorm');
  });
});

describeSnippet('dynamic-loss-scaling', ['createLossScaler', 'scaledStep'], (defs) => {
  /** The rule documented for torch.amp.GradScaler: back off and skip on inf/NaN, grow after `interval` clean steps. */
  function referenceScales(
    flags: boolean[],
    init: number,
    growth: number,
    backoff: number,
    interval: number,
  ): number[] {
    let [scale, clean] = [init, 0];
    return flags.map((overflow) => {
      if (overflow) [scale, clean] = [scale * backoff, 0];
      else if (++clean === interval) [scale, clean] = [scale * growth, 0];
      return scale;
    });
  }

  it("defaults to GradScaler's settings: scale 2^16, ×2 growth, ×0.5 backoff, 2000-step interval", () => {
    assert.deepEqual(defs().createLossScaler(), {
      scale: 65536,
      growthFactor: 2,
      backoffFactor: 0.5,
      growthInterval: 2000,
      cleanSteps: 0,
    });
  });

  it('skips overflowed (inf) and NaN steps, backs off, grows after clean runs, and steps with the true gradient', () => {
    const v = tf.variable(tf.tensor1d([1, 2, 3]));
    const optimizer = tf.train.sgd(0.5);
    const scaler = defs().createLossScaler(1024, 2, 0.5, 2);
    // 1e38 · 1024 overflows float32 in the scaled loss and its gradient; NaN poisons the gradient.
    const factors = [1e38, 4, 4, 4, NaN, 4, 1e38, 4, 4, 4];
    const scales: number[] = [];
    let expected = [1, 2, 3];
    for (const factor of factors) {
      const { loss, stepped } = defs().scaledStep(scaler, optimizer, () => tf.sum(tf.mul(v, factor)), [v]);
      assert.equal(stepped, factor === 4, `stepped for factor ${factor}`);
      if (stepped) {
        expected = expected.map((x) => x - 0.5 * 4); // the unscaled gradient is exactly 4
        assertClose(loss.dataSync()[0], 4 * (expected[0]! + expected[1]! + expected[2]! + 6), 1e-3, 'unscaled loss');
      }
      assert.deepEqual(vals(v), expected, 'a skipped step leaves the variable alone');
      scales.push(scaler.scale);
      loss.dispose();
    }
    assert.deepEqual(
      scales,
      referenceScales(
        factors.map((f) => f !== 4),
        1024,
        2,
        0.5,
        2,
      ),
    );
    v.dispose();
    optimizer.dispose();
  });

  it('unscaled gradients equal the gradients of the unscaled loss (random least squares, Adam)', () => {
    const [w1, w2] = [tf.variable(randn([4, 3], 400)), tf.variable(randn([4, 3], 400))];
    const [x, y] = [randn([8, 4], 401), randn([8, 3], 402)];
    const [opt1, opt2] = [tf.train.adam(0.01), tf.train.adam(0.01)];
    const scaler = defs().createLossScaler(2 ** 20);
    const lossOf = (w: tf.Variable) => () => tf.mean<tf.Scalar>(tf.square(tf.sub(tf.matMul(x, w), y)));
    for (let i = 0; i < 3; i++) {
      const { loss, stepped } = defs().scaledStep(scaler, opt1, lossOf(w1), [w1]);
      const reference = opt2.minimize(lossOf(w2), true, [w2])!;
      assert.ok(stepped);
      assertRelClose(loss.dataSync()[0], reference.dataSync()[0]!, 1e-5, `loss at step ${i}`);
      tf.dispose([loss, reference]);
    }
    assertClose(vals(w1), vals(w2), 1e-5, 'weights after three steps');
  });

  it('trains only the variables in varList', () => {
    const [a, b] = [tf.variable(tf.tensor1d([1, 1])), tf.variable(tf.tensor1d([1, 1]))];
    const { loss } = defs().scaledStep(defs().createLossScaler(), tf.train.sgd(0.1), () => tf.sum(tf.mul(a, b)), [a]);
    loss.dispose();
    assertClose(vals(a), [0.9, 0.9], 1e-6, 'a');
    assert.deepEqual(vals(b), [1, 1], 'b is not in varList');
  });

  it('is tidy', () => {
    const v = tf.variable(tf.tensor1d([1, 2]));
    const optimizer = tf.train.sgd(0.01);
    const scaler = defs().createLossScaler();
    let factor = 1;
    assertNoTensorLeak(() => {
      factor = factor === 1 ? 1e38 : 1; // alternate clean and overflowed steps
      return defs().scaledStep(scaler, optimizer, () => tf.sum(tf.mul(v, factor)), [v]).loss;
    }, 'scaledStep');
  });
});

describeSnippet('gan-losses', ['discriminatorLoss', 'generatorLoss', 'gradientPenalty'], (defs) => {
  const softplus = (t: number) => Math.max(t, 0) + Math.log1p(Math.exp(-Math.abs(t)));
  const sigmoid = (t: number) => 1 / (1 + Math.exp(-t));

  it('match −mean log σ(l_real) − mean log(1 − σ(l_fake)) and −mean log σ(l_fake) (float64 reference)', () => {
    const [real, fake] = [randn([64, 1], 410, 3), randn([64, 1], 411, 3)];
    const dRef = mean(vals(real).map((t) => softplus(-t))) + mean(vals(fake).map((t) => softplus(t)));
    assertClose(defs().discriminatorLoss(real, fake).dataSync()[0], dRef, 1e-5, 'discriminator loss');
    assertClose(defs().generatorLoss(fake).dataSync()[0], mean(vals(fake).map((t) => softplus(-t))), 1e-5, 'generator');
  });

  it('give 2 log 2 and log 2 when D = 1/2 everywhere, and stay finite for logits of ±200', () => {
    const zero = tf.zeros([8, 1]);
    assertClose(defs().discriminatorLoss(zero, zero).dataSync()[0], 2 * Math.log(2), 1e-6, 'D loss');
    assertClose(defs().generatorLoss(zero).dataSync()[0], Math.log(2), 1e-6, 'G loss');
    assertClose(
      defs()
        .generatorLoss(tf.tensor2d([[-200]]))
        .dataSync()[0],
      200,
      1e-3,
      'G loss at logit −200',
    );
    assert.ok(
      Number.isFinite(
        defs()
          .discriminatorLoss(tf.tensor2d([[-200]]), tf.tensor2d([[200]]))
          .dataSync()[0],
      ),
    );
  });

  it('non-saturating: the generator gradient per logit is −(1 − σ(l))/N, near −1/N for rejected fakes', () => {
    const l = tf.tensor1d([-8, -2, 0, 3]);
    const g = tf.grad((x: tf.Tensor) => defs().generatorLoss(x))(l);
    assertClose(
      vals(g),
      vals(l).map((t) => -(1 - sigmoid(t)) / 4),
      1e-6,
      'gradient',
    );
    assert.ok(Math.abs(vals(g)[0]!) > 1000 * (sigmoid(-8) / 4), 'e^8 times the saturating gradient σ(l)/N');
  });

  it('gradient penalty: 0 for a unit-norm linear critic, 10·(‖w‖ − 1)² otherwise, and it trains the critic', () => {
    const direction = randn([12, 1], 420);
    const unit = tf.div(direction, tf.norm(direction));
    const w = tf.variable(unit);
    const critic = (x: tf.Tensor) => tf.matMul(x.reshape([x.shape[0], -1]), w).add(0.3);
    const [real, fake] = [randn([16, 2, 3, 2], 421), randn([16, 2, 3, 2], 422)];
    assertClose(defs().gradientPenalty(critic, real, fake).dataSync()[0], 0, 1e-9, 'unit norm');
    w.assign(tf.mul(unit, 2.5));
    assertClose(defs().gradientPenalty(critic, real, fake).dataSync()[0], 22.5, 1e-3, '‖w‖ = 2.5');
    assertClose(defs().gradientPenalty(critic, real, fake, 1).dataSync()[0], 2.25, 1e-4, 'weight 1');
    const { grads } = tf.variableGrads(() => defs().gradientPenalty(critic, real, fake) as tf.Scalar, [w]);
    assertClose(
      vals(grads[w.name]!),
      vals(unit).map((u) => 2 * 10 * 1.5 * u),
      1e-3,
      'd penalty / d w',
    );
  });

  it('gradient penalty of the critic ½‖x‖² (gradient x) with real = fake is 10·mean((‖x‖ − 1)²)', () => {
    const x = randn([10, 5], 430);
    const norms = Array.from({ length: 10 }, (_, i) =>
      Math.sqrt(
        sum(
          vals(x)
            .slice(i * 5, i * 5 + 5)
            .map((v) => v * v),
        ),
      ),
    );
    const critic = (v: tf.Tensor) => tf.sum(tf.square(v), 1).mul(0.5);
    assertClose(
      defs().gradientPenalty(critic, x, x).dataSync()[0],
      10 * mean(norms.map((n) => (n - 1) ** 2)),
      1e-4,
      'gp',
    );
  });

  it('interpolates with one ε ~ U[0, 1) per example, reproducible with a seed', () => {
    const seen: number[][] = [];
    const critic = (v: tf.Tensor) => {
      seen.push(vals(v));
      return tf.sum(v, 1);
    };
    defs().gradientPenalty(critic, tf.ones([2000, 2]), tf.zeros([2000, 2]), 10, 7);
    const eps = seen[0]!.filter((_, i) => i % 2 === 0);
    assert.ok(
      seen[0]!.every((v, i) => i % 2 === 0 || v === seen[0]![i - 1]),
      'one ε per example',
    );
    assert.ok(Math.min(...eps) >= 0 && Math.max(...eps) < 1 && Math.abs(mean(eps) - 0.5) < 0.03, 'ε ~ U[0, 1)');
    defs().gradientPenalty(critic, tf.ones([2000, 2]), tf.zeros([2000, 2]), 10, 7);
    assert.deepEqual(seen[seen.length - 1], seen[0], 'same seed, same interpolates');
  });

  it('is tidy', () => {
    const [r, f] = [randn([6, 1], 440), randn([6, 1], 441)];
    const w = tf.variable(tf.ones([3, 1]));
    const critic = (x: tf.Tensor) => tf.matMul(tf.tanh(x), w);
    const [xr, xf] = [randn([6, 3], 442), randn([6, 3], 443)];
    assertNoTensorLeak(() => [defs().discriminatorLoss(r, f), defs().generatorLoss(f)], 'GAN losses');
    assertNoTensorLeak(() => defs().gradientPenalty(critic, xr, xf), 'gradientPenalty');
  });
});

describeSnippet('diffusion-forward-process', ['noiseSchedule', 'qSample', 'diffusionLoss'], (defs) => {
  const cosineF = (t: number, T: number) => Math.cos(((t / T + 0.008) / 1.008) * (Math.PI / 2)) ** 2;

  it('linear (default, T = 1000): 1e-4 → 0.02, alphasCumprod is the running product, ᾱ_T ≈ 4e-5', () => {
    const { betas, alphasCumprod } = defs().noiseSchedule();
    const [b, abar] = [vals(betas), vals(alphasCumprod)];
    assert.equal(b.length, 1000);
    assertClose([b[0]!, b[999]!], [1e-4, 0.02], 1e-9, 'ends');
    for (const t of [0, 9, 99, 499, 999]) {
      let product = 1;
      for (let s = 0; s <= t; s++) product *= 1 - (1e-4 + ((0.02 - 1e-4) * s) / 999);
      assertRelClose(abar[t]!, product, 1e-5, `ᾱ[${t}]`);
    }
    assert.ok(abar[999]! > 3e-5 && abar[999]! < 5e-5, `ᾱ_T = ${abar[999]}`);
  });

  it('cosine: ᾱ_t = f(t)/f(0) wherever β was not clipped; the last β is clipped at 0.999', () => {
    const T = 200;
    const { betas, alphasCumprod } = defs().noiseSchedule(T, 'cosine');
    const [b, abar] = [vals(betas), vals(alphasCumprod)];
    assert.deepEqual(
      b.map((v, i) => (v >= 0.999 - 1e-6 ? i : -1)).filter((i) => i >= 0),
      [T - 1],
    );
    for (const t of [0, 1, 50, 100, 150, 198])
      assertRelClose(abar[t]!, cosineF(t + 1, T) / cosineF(0, T), 1e-5, `ᾱ[${t}]`);
  });

  it('qSample is √ᾱ_t·x0 + √(1 − ᾱ_t)·noise, and keeps unit variance for unit-variance data', () => {
    const { alphasCumprod } = defs().noiseSchedule();
    const abar = vals(alphasCumprod);
    const [x0, noise] = [randn([4, 3], 450), randn([4, 3], 451)];
    const t = tf.tensor1d([0, 10, 500, 999], 'int32');
    const expected = vals(x0).map((v, i) => {
      const a = abar[[0, 10, 500, 999][Math.floor(i / 3)]!]!;
      return Math.sqrt(a) * v + Math.sqrt(1 - a) * vals(noise)[i]!;
    });
    assertClose(vals(defs().qSample(x0, t, noise, alphasCumprod)), expected, 1e-5, 'closed form');
    const n = 20000;
    const [big, bigNoise] = [randn([n, 2], 452), randn([n, 2], 453)];
    for (const level of [0, 250, 999]) {
      const xt = vals(defs().qSample(big, tf.fill([n], level, 'int32'), bigNoise, alphasCumprod));
      assert.ok(Math.abs(variance(xt) - 1) < 0.03, `Var(x_t) at t = ${level}: ${variance(xt)}`);
    }
    const img = randn([2, 2, 2, 1], 454);
    const out = defs().qSample(img, tf.tensor1d([0, 999], 'int32'), tf.zerosLike(img), alphasCumprod);
    assert.deepEqual(out.shape, [2, 2, 2, 1]);
    assertClose(
      vals(out),
      vals(img).map((v, i) => v * Math.sqrt(abar[i < 4 ? 0 : 999]!)),
      1e-6,
      'image-shaped',
    );
  });

  it('diffusionLoss: 0 for an oracle noise predictor, ≈ 1 for a zero predictor, t int32 over all steps', () => {
    const { alphasCumprod } = defs().noiseSchedule();
    const abar = vals(alphasCumprod);
    const c = [0.5, -1.5];
    const x0 = tf.tile(tf.tensor2d([c]), [4096, 1]);
    let seenT: number[] = [];
    let dtype = '';
    const oracle = (xt: tf.Tensor, t: tf.Tensor) => {
      seenT = vals(t);
      dtype = t.dtype;
      const a = tf.tensor2d(
        seenT.map((s) => abar[s]!),
        [seenT.length, 1],
      );
      return tf.div(tf.sub(xt, tf.mul(tf.sqrt(a), tf.tensor1d(c))), tf.sqrt(tf.sub(1, a)));
    };
    assert.ok(defs().diffusionLoss(oracle, x0, alphasCumprod, 3).dataSync()[0] < 1e-6, 'oracle loss');
    assert.equal(dtype, 'int32');
    assert.ok(Math.min(...seenT) >= 0 && Math.max(...seenT) <= 999 && new Set(seenT).size > 900, 't covers the steps');
    const zeroLoss = defs()
      .diffusionLoss((xt: tf.Tensor) => tf.zerosLike(xt), x0, alphasCumprod, 4)
      .dataSync()[0];
    assertClose(zeroLoss, 1, 0.05, 'E‖ε‖²/d');
    const again = defs()
      .diffusionLoss((xt: tf.Tensor) => tf.zerosLike(xt), x0, alphasCumprod, 4)
      .dataSync()[0];
    assert.equal(again, zeroLoss, 'same seed, same loss');
  });

  it('is tidy', () => {
    const { alphasCumprod } = defs().noiseSchedule(100, 'cosine');
    const x0 = randn([16, 2], 460);
    const t = tf.fill([16], 5, 'int32');
    assertNoTensorLeak(() => defs().qSample(x0, t, x0, alphasCumprod), 'qSample');
    assertNoTensorLeak(
      () => defs().diffusionLoss((xt: tf.Tensor) => tf.mul(xt, 0.5), x0, alphasCumprod),
      'diffusionLoss',
    );
  });
});

describeSnippet('gelu-swiglu', ['gelu', 'initSwiGLU', 'swiGLU'], (defs) => {
  const layer = (activation: 'gelu' | 'gelu_new' | 'swish') => tf.layers.activation({ activation });
  const xs = tf.tensor1d(Array.from({ length: 161 }, (_, i) => -8 + i * 0.1));

  it('exact GELU is x·Φ(x): known values and tf.layers.activation "gelu"', () => {
    // Φ(x) to double precision
    const phi: [number, number][] = [
      [-3, 0.0013498980316300946],
      [-1, 0.15865525393145707],
      [0, 0.5],
      [0.5, 0.6914624612740131],
      [1, 0.8413447460685429],
      [2, 0.9772498680518208],
    ];
    const out = defs().gelu(tf.tensor1d(phi.map(([x]) => x)));
    assertClose(
      vals(out),
      phi.map(([x, p]) => x * p),
      2e-6,
      'GELU(x) = x·Φ(x)',
    );
    assertClose(vals(defs().gelu(xs)), vals(layer('gelu').apply(xs) as tf.Tensor), 1e-6, 'vs tf.layers "gelu"');
  });

  it("the tanh form matches 'gelu_new' and a float64 formula, and stays within 6e-4 of the exact GELU", () => {
    const approx = vals(defs().gelu(xs, 'tanh'));
    const reference = vals(xs).map((x) => 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3))));
    assertClose(approx, reference, 1e-5, 'tanh GELU vs float64');
    assertClose(approx, vals(layer('gelu_new').apply(xs) as tf.Tensor), 1e-6, "vs tf.layers 'gelu_new'");
    const gaps = vals(defs().gelu(xs)).map((e, i) => Math.abs(e - approx[i]!));
    const worst = Math.max(...gaps);
    assert.ok(worst > 3e-4 && worst < 6e-4, `max |exact − tanh| = ${worst}`);
    const at = Math.abs(vals(xs)[gaps.indexOf(worst)]!);
    assert.ok(at > 2.4 && at < 3, `largest gap at |x| = ${at}`);
  });

  it('swiGLU computes (SiLU(x·W1) ⊙ x·W3)·W2 on [..., dModel] inputs (float64 reference, SiLU = tf "swish")', () => {
    const params = defs().initSwiGLU(6, 5, 11);
    const x = randn([2, 3, 6], 350);
    const out = defs().swiGLU(x, params);
    assert.deepEqual(out.shape, [2, 3, 6]);
    const [w1, w2, w3] = [vals(params.w1), vals(params.w2), vals(params.w3)];
    const a = matmul(vals(x), w1, 6, 6, 5);
    const v = matmul(vals(x), w3, 6, 6, 5);
    const silu = (z: number) => z / (1 + Math.exp(-z));
    const expected = matmul(
      a.map((z, i) => silu(z) * v[i]!),
      w2,
      6,
      5,
      6,
    );
    assertClose(vals(out), expected, 1e-5, 'SwiGLU output');
    const viaSwish = defs().swiGLU(x, params, (h: tf.Tensor) => layer('swish').apply(h) as tf.Tensor);
    assertClose(vals(viaSwish), vals(out), 1e-6, 'default activation = tf.layers "swish"');
    // a sigmoid gate gives the original GLU of Dauphin et al.
    const glu = defs().swiGLU(x, params, tf.sigmoid);
    const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
    assertClose(
      vals(glu),
      matmul(
        a.map((z, i) => sigmoid(z) * v[i]!),
        w2,
        6,
        5,
        6,
      ),
      1e-5,
      'GLU output',
    );
    tf.dispose([params.w1, params.w2, params.w3]);
  });

  it('initSwiGLU defaults to a hidden width of 8·dModel/3, the weights of a 4·dModel MLP', () => {
    const small = defs().initSwiGLU(6);
    assert.deepEqual(
      [small.w1.shape, small.w3.shape, small.w2.shape],
      [
        [6, 16],
        [6, 16],
        [16, 6],
      ],
    );
    const big = defs().initSwiGLU(768);
    assert.equal(big.w1.shape[1], 2048);
    assert.equal(big.w1.size + big.w2.size + big.w3.size, 2 * 768 * 4 * 768);
    const again = defs().initSwiGLU(6);
    assert.deepEqual(vals(again.w1), vals(small.w1), 'seeded');
    tf.dispose([small, big, again].flatMap((p) => [p.w1, p.w2, p.w3]));
  });

  it('is tidy', () => {
    const params = defs().initSwiGLU(4, 6);
    const x = randn([3, 4], 351);
    assertNoTensorLeak(() => defs().gelu(x), 'gelu');
    assertNoTensorLeak(() => defs().gelu(x, 'tanh'), 'gelu tanh');
    assertNoTensorLeak(() => defs().swiGLU(x, params), 'swiGLU');
    tf.dispose([params.w1, params.w2, params.w3]);
  });
});

describeSnippet('sgd-momentum-from-scratch', ['createMomentumState', 'sgdMomentumStep'], (defs) => {
  const X = randn([2, 5], 360);
  const Y = randn([3, 5], 361);
  const c = tf.tensor1d([0.5, 2, 1, 3]);
  const loss = (a: tf.Variable, b: tf.Variable) => () =>
    tf.addN([tf.mean(tf.square(tf.matMul(a, X).sub(Y))), tf.sum(c.mul(tf.square(b)))]) as tf.Scalar;

  function compare(hyper: [number, number, boolean] | undefined, optimizer: tf.Optimizer, steps: number): void {
    const make = (): [tf.Variable, tf.Variable] => [
      tf.variable(randn([3, 2], 362), true, uniqueName('a')),
      tf.variable(randn([4], 363), true, uniqueName('b')),
    ];
    const [refA, refB] = make();
    const [a, b] = make();
    const vars = { [a.name]: a, [b.name]: b };
    const state = defs().createMomentumState(vars);
    const start = vals(a);
    for (let step = 1; step <= steps; step++) {
      const refGrads = tf.variableGrads(loss(refA, refB), [refA, refB]);
      optimizer.applyGradients(refGrads.grads);
      const g = tf.variableGrads(loss(a, b), [a, b]);
      if (hyper) defs().sgdMomentumStep(vars, g.grads, state, ...hyper);
      else defs().sgdMomentumStep(vars, g.grads, state);
      tf.dispose([refGrads, g]);
      assertClose(vals(a), vals(refA), 1e-5, `a after step ${step}`);
      assertClose(vals(b), vals(refB), 1e-5, `b after step ${step}`);
    }
    assert.ok(
      vals(a).some((v, i) => Math.abs(v - start[i]!) > 1e-3),
      'parameters did not move',
    );
    optimizer.dispose();
    tf.dispose([refA, refB, a, b, ...Object.values(state.buffers as Record<string, tf.Variable>)]);
  }

  it('matches tf.train.momentum(0.01, 0.9) with the default hyper-parameters over 20 steps', () =>
    compare(undefined, tf.train.momentum(0.01, 0.9), 20));
  it('matches tf.train.momentum(0.05, 0.8, true) (Nesterov) over 20 steps', () =>
    compare([0.05, 0.8, true], tf.train.momentum(0.05, 0.8, true), 20));
  it('with momentum 0 matches tf.train.sgd(0.1)', () => compare([0.1, 0, false], tf.train.sgd(0.1), 10));

  it('a constant gradient makes the step lr·g/(1 − momentum): ten plain steps at 0.9', () => {
    const w = tf.variable(tf.zeros([3]));
    const g = tf.tensor1d([1, -2, 0.5]);
    const state = defs().createMomentumState([w]);
    let before: number[] = [];
    for (let i = 0; i < 300; i++) {
      before = vals(w);
      defs().sgdMomentumStep([w], [g], state, 0.1, 0.9);
    }
    assertClose(
      before.map((v, i) => v - vals(w)[i]!),
      [1, -2, 0.5].map((x) => (0.1 * x) / (1 - 0.9)),
      1e-4,
      'effective step',
    );
  });

  it('accepts arrays, skips missing gradients and does not leak across steps', () => {
    const [first, second] = [tf.variable(tf.ones([3])), tf.variable(tf.zeros([2, 2]))];
    const vars = [first, second];
    const grads = [tf.tensor1d([1, -2, 0.5]), undefined];
    const state = defs().createMomentumState(vars);
    defs().sgdMomentumStep(vars, grads, state);
    assertClose(vals(first), [1 - 0.01, 1 + 0.02, 1 - 0.005], 1e-7, 'first step is −lr·g');
    assert.deepEqual(vals(second), [0, 0, 0, 0], 'no gradient, no move');
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) defs().sgdMomentumStep(vars, grads, state, 0.01, 0.9, true);
    assert.equal(tf.memory().numTensors, before, 'sgdMomentumStep leaves tensors behind');
  });
});

describeSnippet('lr-schedules', ['cosineWithWarmup', 'oneCycle', 'applyLearningRate'], (defs) => {
  // From PyTorch 1.13: SequentialLR([LinearLR(start_factor=0.01, total_iters=5), CosineAnnealingLR(T_max=15)],
  // milestones=[5]) and OneCycleLR(max_lr=0.1, total_steps=20), on SGD with lr 0.1: the rate of each optimizer step.
  const torchWarmupCosine = [
    0.001, 0.0208, 0.0406, 0.060399999999999995, 0.0802, 0.1, 0.09890738003669029, 0.09567727288213004,
    0.09045084971874738, 0.08345653031794292, 0.07500000000000001, 0.06545084971874739, 0.05522642316338269,
    0.04477357683661735, 0.03454915028125265, 0.02500000000000002, 0.01654346968205711, 0.009549150281252635,
    0.004322727117869953, 0.001092619963309716, 0.0,
  ];
  const torchOneCycle = [
    0.0040000000000000036, 0.013167184270002533, 0.037167184270002526, 0.06683281572999747, 0.09083281572999748, 0.1,
    0.09874640062350874, 0.09504846320134738, 0.089091617757105, 0.0811745653949763, 0.07169430017913009,
    0.06112620219362893, 0.0500002, 0.03887419780637107, 0.028306099820869922, 0.0188258346050237, 0.010908782242895003,
    0.004951936798652629, 0.0012539993764912555, 4e-7,
  ];

  it('cosineWithWarmup matches torch SequentialLR(LinearLR, CosineAnnealingLR) step by step', () => {
    const ours = torchWarmupCosine.map((_, t) => defs().cosineWithWarmup(t, 20, 0.1, 5, 0, 0.01));
    assertClose(ours, torchWarmupCosine, 1e-12, 'warm-up + cosine');
  });

  it('without warm-up it is the cosine closed form, and holds minLr after totalSteps', () => {
    assertClose(defs().cosineWithWarmup(0, 30, 0.1), 0.1, 1e-15, 'start');
    assertClose(defs().cosineWithWarmup(15, 30, 0.1), 0.05, 1e-15, 'midpoint');
    assertClose(
      defs().cosineWithWarmup(10, 30, 0.1, 0, 0.01),
      0.01 + 0.045 * (1 + Math.cos(Math.PI / 3)),
      1e-15,
      'min',
    );
    assert.equal(defs().cosineWithWarmup(45, 30, 0.1, 0, 0.002), 0.002);
  });

  it('oneCycle matches torch OneCycleLR step by step', () => {
    const ours = torchOneCycle.map((_, t) => defs().oneCycle(t, 20, 0.1));
    assertClose(ours, torchOneCycle, 1e-12, 'one-cycle');
  });

  it('applyLearningRate sets the rate a TF.js optimizer uses on its next step (sgd, momentum, adam)', () => {
    const g = tf.tensor1d([1, -2, 0.5]);
    const firstStep = (optimizer: tf.Optimizer, lr: number) => {
      const w = tf.variable(tf.zeros([3]), true, uniqueName('w'));
      defs().applyLearningRate(optimizer, lr);
      optimizer.applyGradients({ [w.name]: g });
      const moved = vals(w);
      optimizer.dispose();
      w.dispose();
      return moved;
    };
    assertClose(firstStep(tf.train.sgd(1), 0.25), [-0.25, 0.5, -0.125], 1e-7, 'sgd');
    assertClose(firstStep(tf.train.momentum(1, 0.9), 0.25), [-0.25, 0.5, -0.125], 1e-7, 'momentum');
    // Adam's first step moves every weight by about lr against the sign of its gradient
    assertClose(firstStep(tf.train.adam(1), 0.01), [-0.01, 0.01, -0.01], 1e-6, 'adam');
  });
});

describeSnippet('weight-decay-l2-vs-decoupled', ['l2Penalty', 'decoupledWeightDecay'], (defs) => {
  // loss(w) = Σ cᵢ·(wᵢ − tᵢ)², gradient 2·c·(w − t): float64 references need no autodiff
  const c = [0.5, 2, 1, 3, 0.1];
  const target = [1, -1, 0.5, 2, -3];
  const dataLoss = (w: tf.Tensor) => tf.sum<tf.Scalar>(tf.tensor1d(c).mul(tf.square(w.sub(tf.tensor1d(target)))));
  const dataGrad = (w: number[]) => w.map((x, i) => 2 * c[i]! * (x - target[i]!));
  const start = [0.3, 0.8, -1.2, 0.5, 2.0];

  it('l2Penalty is (λ/2)·Σ‖w‖², which is tf.regularizers.l2({l2: λ/2})', () => {
    const ws = [randn([3, 4], 370), randn([5], 371)];
    const squares = sum(ws.flatMap((w) => vals(w).map((v) => v * v)));
    assertRelClose(defs().l2Penalty(ws, 0.3).dataSync()[0], 0.15 * squares, 1e-6, 'penalty');
    assertRelClose(defs().l2Penalty(ws).dataSync()[0], 0.5e-4 * squares, 1e-6, 'default λ = 1e-4');
    const keras = tf.addN(ws.map((w) => tf.regularizers.l2({ l2: 0.15 }).apply(w)));
    assertRelClose(keras.dataSync()[0]!, defs().l2Penalty(ws, 0.3).dataSync()[0], 1e-6, 'vs tf.regularizers.l2');
  });

  it('L2 in the loss + tf.train.momentum is PyTorch SGD(momentum, weight_decay) (float64 reference)', () => {
    const [lr, mu, lambda] = [0.05, 0.9, 0.1];
    const w = tf.variable(tf.tensor1d(start), true, uniqueName('w'));
    const optimizer = tf.train.momentum(lr, mu);
    let ref = [...start];
    let buffer = ref.map(() => 0);
    for (let step = 1; step <= 15; step++) {
      optimizer.minimize(() => dataLoss(w).add<tf.Scalar>(defs().l2Penalty([w], lambda)), false, [w]);
      const g = dataGrad(ref).map((gi, i) => gi + lambda * ref[i]!);
      buffer = step === 1 ? g : buffer.map((b, i) => mu * b + g[i]!);
      ref = ref.map((x, i) => x - lr * buffer[i]!);
      assertClose(vals(w), ref, 1e-5, `step ${step}`);
    }
    optimizer.dispose();
    w.dispose();
  });

  it('decoupledWeightDecay between variableGrads and adam.applyGradients is AdamW (float64 reference)', () => {
    const [lr, lambda, b1, b2, eps] = [0.01, 0.5, 0.9, 0.999, 1e-8];
    const w = tf.variable(tf.tensor1d(start), true, uniqueName('w'));
    const adam: tf.Optimizer = tf.train.adam(lr, b1, b2, eps);
    let ref = [...start];
    let m = ref.map(() => 0);
    let v = ref.map(() => 0);
    for (let t = 1; t <= 15; t++) {
      const { grads } = tf.variableGrads(() => dataLoss(w), [w]);
      defs().decoupledWeightDecay([w], lr, lambda);
      adam.applyGradients(grads);
      tf.dispose(grads);
      // torch.optim.AdamW: w ← w·(1 − lr·λ), then the Adam step with the gradient taken before the decay
      const g = dataGrad(ref);
      ref = ref.map((x) => x * (1 - lr * lambda));
      m = m.map((mi, i) => b1 * mi + (1 - b1) * g[i]!);
      v = v.map((vi, i) => b2 * vi + (1 - b2) * g[i]! * g[i]!);
      ref = ref.map((x, i) => x - (lr * (m[i]! / (1 - b1 ** t))) / (Math.sqrt(v[i]! / (1 - b2 ** t)) + eps));
      assertClose(vals(w), ref, 1e-5, `AdamW step ${t}`);
    }
    adam.dispose();
    w.dispose();
  });

  it('with plain SGD, the L2 penalty and decoupled decay give the same weights', () => {
    const [lr, lambda] = [0.05, 0.2];
    const a = tf.variable(tf.tensor1d(start), true, uniqueName('a'));
    const b = tf.variable(tf.tensor1d(start), true, uniqueName('b'));
    const sgdA: tf.Optimizer = tf.train.sgd(lr);
    const sgdB: tf.Optimizer = tf.train.sgd(lr);
    for (let step = 0; step < 10; step++) {
      sgdA.minimize(() => dataLoss(a).add<tf.Scalar>(defs().l2Penalty([a], lambda)), false, [a]);
      const { grads } = tf.variableGrads(() => dataLoss(b), [b]);
      defs().decoupledWeightDecay([b], lr, lambda);
      sgdB.applyGradients(grads);
      tf.dispose(grads);
    }
    assertClose(vals(a), vals(b), 1e-5, 'L2 vs decoupled under SGD');
    tf.dispose([a, b]);
    sgdA.dispose();
    sgdB.dispose();
  });

  it('decoupledWeightDecay multiplies every weight by 1 − lr·λ (default λ = 1e-2) and leaves no tensor behind', () => {
    const ws = [tf.variable(randn([2, 3], 372)), tf.variable(randn([4], 373))];
    const before = ws.map(vals);
    defs().decoupledWeightDecay(ws, 0.1);
    ws.forEach((w, k) =>
      assertClose(
        vals(w),
        before[k]!.map((x) => x * (1 - 0.1 * 1e-2)),
        1e-7,
        `weight ${k}`,
      ),
    );
    const count = tf.memory().numTensors;
    defs().decoupledWeightDecay(ws, 0.1, 0.5);
    assert.equal(tf.memory().numTensors, count, 'decoupledWeightDecay leaves tensors behind');
    assertNoTensorLeak(() => defs().l2Penalty(ws), 'l2Penalty');
    tf.dispose(ws);
  });
});

describeSnippet('lstm-cell', ['initLstmParams', 'lstmCell'], (defs) => {
  const [B, D, U, T] = [3, 4, 5, 6];
  const sigmoid = (t: number) => 1 / (1 + Math.exp(-t));
  function randomParams(seed: number): Defs {
    const p = defs().initLstmParams(D, U);
    p.kernel.assign(randn([D, 4 * U], seed, 0.6));
    p.recurrentKernel.assign(randn([U, 4 * U], seed + 1, 0.6));
    p.bias.assign(randn([4 * U], seed + 2, 0.5));
    return p;
  }
  /** One LSTM step in float64: gates i, f, g, o from x·K + h·R + b. */
  function refStep(x: number[], h: number[], c: number[], K: number[], R: number[], b: number[]) {
    const z = matmul(x, K, B, D, 4 * U).map((v, n) => v + matmul(h, R, B, U, 4 * U)[n]! + b[n % (4 * U)]!);
    const gate = (r: number, k: number, j: number) => z[r * 4 * U + k * U + j]!;
    const cNext: number[] = [];
    const hNext: number[] = [];
    for (let r = 0; r < B; r++) {
      for (let j = 0; j < U; j++) {
        const cv = sigmoid(gate(r, 1, j)) * c[r * U + j]! + sigmoid(gate(r, 0, j)) * Math.tanh(gate(r, 2, j));
        cNext.push(cv);
        hNext.push(sigmoid(gate(r, 3, j)) * Math.tanh(cv));
      }
    }
    return { h: hNext, c: cNext };
  }

  it('initLstmParams: Keras layout, variables, forget-gate bias 1 by default (0 on request)', () => {
    const p = defs().initLstmParams(D, U);
    assert.deepEqual(p.kernel.shape, [D, 4 * U]);
    assert.deepEqual(p.recurrentKernel.shape, [U, 4 * U]);
    assert.deepEqual(p.bias.shape, [4 * U]);
    for (const k of ['kernel', 'recurrentKernel', 'bias']) assert.ok(p[k] instanceof tf.Variable, `${k} is a variable`);
    const expected = Array.from({ length: 4 * U }, (_, n) => (n >= U && n < 2 * U ? 1 : 0));
    assert.deepEqual(vals(p.bias), expected);
    assert.deepEqual(vals(defs().initLstmParams(D, U, 0).bias), new Array(4 * U).fill(0));
    // orthogonal recurrent kernel: R·Rᵀ = I (its U rows are orthonormal)
    const rrT = vals(tf.matMul(p.recurrentKernel, p.recurrentKernel, false, true));
    assertClose(rrT, vals(tf.eye(U)), 1e-4, 'R·Rᵀ');
  });

  it('one step equals a float64 reference', () => {
    const p = randomParams(500);
    const [x, h, c] = [randn([B, D], 503), randn([B, U], 504), randn([B, U], 505)];
    const out = defs().lstmCell(x, h, c, p);
    const ref = refStep(vals(x), vals(h), vals(c), vals(p.kernel), vals(p.recurrentKernel), vals(p.bias));
    assert.deepEqual(out.h.shape, [B, U]);
    assertClose(vals(out.h), ref.h, 1e-5, 'h');
    assertClose(vals(out.c), ref.c, 1e-5, 'c');
  });

  it("unrolled, equals tf.layers.lstm({recurrentActivation: 'sigmoid'}) with the same weights; the default hardSigmoid differs", () => {
    const p = randomParams(510);
    const xs = randn([B, T, D], 513);
    const layer = (recurrentActivation?: string) => {
      const lstm = tf.layers.lstm({
        units: U,
        returnSequences: true,
        returnState: true,
        ...(recurrentActivation ? { recurrentActivation: recurrentActivation as 'sigmoid' } : {}),
      });
      lstm.apply(xs);
      lstm.setWeights([p.kernel, p.recurrentKernel, p.bias]);
      return lstm.apply(xs) as tf.Tensor[];
    };
    const [seq, hLast, cLast] = layer('sigmoid');
    let [h, c] = [tf.zeros([B, U]), tf.zeros([B, U])];
    const hs: tf.Tensor[] = [];
    for (const x of tf.unstack(xs, 1)) {
      ({ h, c } = defs().lstmCell(x, h, c, p));
      hs.push(h);
    }
    assertClose(vals(tf.stack(hs, 1)), vals(seq!), 1e-5, 'sequence of h');
    assertClose(vals(h), vals(hLast!), 1e-5, 'last h');
    assertClose(vals(c), vals(cLast!), 1e-5, 'last c');
    const [hardSeq] = layer();
    assert.ok(
      Math.max(...vals(hardSeq!).map((v, n) => Math.abs(v - vals(seq!)[n]!))) > 1e-3,
      'hardSigmoid gives other values',
    );
  });

  it('the additive path: with no recurrent weights, ∂c_T/∂c_0 is the product of the forget gates', () => {
    const p = randomParams(520);
    p.recurrentKernel.assign(tf.zeros([U, 4 * U]));
    const xs = tf.unstack(randn([B, T, D], 523), 1);
    const c0 = randn([B, U], 524);
    const grad = tf.grad((cStart: tf.Tensor) => {
      let [h, c] = [tf.zeros([B, U]), cStart];
      for (const x of xs) ({ h, c } = defs().lstmCell(x, h, c, p));
      return tf.sum(c);
    })(c0);
    const K = vals(p.kernel);
    const b = vals(p.bias);
    const product = new Array<number>(B * U).fill(1);
    for (const x of xs) {
      const z = matmul(vals(x), K, B, D, 4 * U);
      for (let r = 0; r < B; r++)
        for (let j = 0; j < U; j++) product[r * U + j]! *= sigmoid(z[r * 4 * U + U + j]! + b[U + j]!);
    }
    assertClose(vals(grad), product, 1e-6, '∂c_T/∂c_0');
  });

  it('is tidy', () => {
    const p = defs().initLstmParams(D, U);
    const [x, h, c] = [randn([B, D], 530), randn([B, U], 531), randn([B, U], 532)];
    assertNoTensorLeak(() => defs().lstmCell(x, h, c, p), 'lstmCell');
    assertInitLeavesOnlyItsResult(() => defs().initLstmParams(D, U), 'initLstmParams');
  });
});

describeSnippet('tied-embedding', ['initTiedEmbedding', 'embedTokens', 'tiedLogits'], (defs) => {
  const [V, D] = [20, 8];
  const ids = () =>
    tf.tensor2d(
      [
        [3, 0, 19, 7],
        [7, 7, 1, 12],
      ],
      [2, 4],
      'int32',
    );
  const table = () => randn([V, D], 600, 0.5);

  it('initTiedEmbedding: a [vocab, d] variable drawn from N(0, 1/d)', () => {
    const t = defs().initTiedEmbedding(V, D);
    assert.ok(t instanceof tf.Variable);
    assert.deepEqual(t.shape, [V, D]);
    const big = vals(defs().initTiedEmbedding(1000, 64));
    assertClose(mean(big), 0, 0.01, 'mean');
    assertClose(Math.sqrt(variance(big)), 1 / 8, 0.01, 'std');
  });

  it('embedTokens is oneHot(ids)·table·√d, tf.gather and tf.layers.embedding without the scale', () => {
    const [t, i] = [table(), ids()];
    const e = defs().embedTokens(t, i);
    assert.deepEqual(e.shape, [2, 4, D]);
    const oneHot = tf.oneHot(i, V).reshape([8, V]);
    assertClose(vals(e), vals(tf.matMul(oneHot, t).mul(Math.sqrt(D))), 1e-5, 'one-hot × table × √d');
    const plain = defs().embedTokens(t, i, false);
    assert.deepEqual(vals(plain), vals(tf.gather(t, i)));
    const layer = tf.layers.embedding({ inputDim: V, outputDim: D });
    layer.apply(i);
    layer.setWeights([t]);
    assertClose(vals(plain), vals(layer.apply(i) as tf.Tensor), 0, 'tf.layers.embedding');
  });

  it('tiedLogits is h·tableᵀ (float64 reference), for 2-D and 3-D h', () => {
    const t = table();
    const h = randn([6, D], 610);
    const expected = matmul(
      vals(h),
      Array.from({ length: D * V }, (_, n) => vals(t)[(n % V) * D + Math.floor(n / V)]!),
      6,
      D,
      V,
    );
    const logits = defs().tiedLogits(t, h);
    assert.deepEqual(logits.shape, [6, V]);
    assertClose(vals(logits), expected, 1e-5, 'h·Eᵀ');
    const logits3 = defs().tiedLogits(t, h.reshape([2, 3, D]));
    assert.deepEqual(logits3.shape, [2, 3, V]);
    assertClose(vals(logits3), expected, 1e-5, '3-D h');
  });

  it("tying: the table's gradient is the sum of its input-role and output-role gradients", () => {
    const [t, i] = [table(), ids()];
    const a = randn([D, D], 620, 0.4);
    const targets = tf.oneHot(tf.tensor1d([1, 2, 3, 4, 5, 6, 7, 8], 'int32'), V);
    const loss = (input: tf.Tensor, output: tf.Tensor) => {
      const h = tf.tanh(tf.matMul(defs().embedTokens(input, i).reshape([8, D]), a));
      return tf.losses.softmaxCrossEntropy(targets, defs().tiedLogits(output, h));
    };
    const tied = tf.grad((w: tf.Tensor) => loss(w, w))(t);
    const [gIn, gOut] = tf.grads((wIn: tf.Tensor, wOut: tf.Tensor) => loss(wIn, wOut))([t, t.clone()]);
    assertClose(vals(tied), vals(gIn!.add(gOut!)), 1e-6, 'tied gradient');
    assert.ok(sum(vals(gIn!).map(Math.abs)) > 0 && sum(vals(gOut!).map(Math.abs)) > 0, 'both roles contribute');
    // rows of tokens that never appear as inputs get gradient only from the output role
    assert.deepEqual(vals(gIn!).slice(2 * D, 3 * D), new Array(D).fill(0));
    assert.ok(
      sum(
        vals(tied)
          .slice(2 * D, 3 * D)
          .map(Math.abs),
      ) > 0,
    );
  });

  it('is tidy', () => {
    const [t, i, h] = [table(), ids(), randn([3, D], 630)];
    assertNoTensorLeak(
      () => [defs().embedTokens(t, i), defs().embedTokens(t, i, false), defs().tiedLogits(t, h)],
      'embedTokens, tiedLogits',
    );
  });
});

describeSnippet('sampling-from-logits', ['filterLogits', 'sampleNextToken', 'cachedAttention'], (defs) => {
  const V = 30;
  const logits = () => randn([5, V], 700, 2);
  const rows = (t: tf.Tensor) => Array.from({ length: t.shape[0] }, (_, r) => vals(t).slice(r * V, (r + 1) * V));

  it('temperature divides the logits; temperature 1 without top-k/top-p changes nothing', () => {
    const l = logits();
    assert.deepEqual(vals(defs().filterLogits(l)), vals(l));
    assertClose(
      vals(defs().filterLogits(l, 0.5)),
      vals(l).map((v) => v / 0.5),
      1e-6,
      'T = 0.5',
    );
  });

  it('top-k keeps exactly the k largest (random logits have no ties), and softmax of the rest sums to 1', () => {
    const l = logits();
    for (const k of [1, 4, V]) {
      const kept = rows(defs().filterLogits(l, 1, k)).map((row) => row.map(Number.isFinite));
      rows(l).forEach((row, r) => {
        const threshold = [...row].sort((x, y) => y - x)[k - 1]!;
        assert.deepEqual(
          kept[r],
          row.map((v) => v >= threshold),
          `top_k = ${k}, row ${r}`,
        );
      });
      assertClose(vals(tf.sum(tf.softmax(defs().filterLogits(l, 1, k)), -1)), new Array(5).fill(1), 1e-6, 'sums to 1');
    }
  });

  it('top-p keeps the smallest set of top tokens whose probability reaches p (float64 reference)', () => {
    const l = logits();
    for (const p of [0.05, 0.5, 0.9, 0.99]) {
      const kept = rows(defs().filterLogits(l, 1, 0, p)).map((row) => row.map(Number.isFinite));
      rows(l).forEach((row, r) => {
        const probs = softmax(row);
        const order = probs.map((_, n) => n).sort((x, y) => probs[y]! - probs[x]!);
        const expected = new Array<boolean>(V).fill(false);
        let mass = 0;
        for (const n of order) {
          if (mass >= p) break;
          expected[n] = true;
          mass += probs[n]!;
        }
        assert.deepEqual(kept[r], expected, `top_p = ${p}, row ${r}`);
      });
      assertClose(
        vals(tf.sum(tf.softmax(defs().filterLogits(l, 1, 0, p)), -1)),
        new Array(5).fill(1),
        1e-6,
        'sums to 1',
      );
    }
  });

  it('temperature 0 and a tiny temperature give the argmax; top-k 1 is greedy', () => {
    const l = logits();
    const argmax = vals(tf.argMax(l, -1));
    assert.deepEqual(vals(defs().sampleNextToken(l, 0)), argmax);
    for (let s = 0; s < 10; s++) assert.deepEqual(vals(defs().sampleNextToken(l, 1e-4, 0, 1, s)), argmax);
    assert.deepEqual(vals(defs().sampleNextToken(l, 1, 1, 1, 3)), argmax);
  });

  it('20000 rows of one batch sample independently, with the filtered distribution (T 0.7, top-k 4, top-p 0.9; the defaults)', () => {
    const row = [2, 1.5, 1, 0.8, 0.3, -1, 0.5, 1.2];
    const n = 20000;
    const check = (args: number[], what: string) => {
      const target = vals(tf.softmax(defs().filterLogits(tf.tensor2d([row]), ...args)));
      const draws = defs().sampleNextToken(
        tf.tile(tf.tensor2d([row]), [n, 1]),
        ...(args.length ? args : [1, 0, 0.9]),
        11,
      );
      assert.equal(draws.dtype, 'int32');
      assert.deepEqual(draws.shape, [n]);
      const freq = new Array<number>(row.length).fill(0);
      for (const d of vals(draws)) freq[d]! += 1 / n;
      freq.forEach((f, k) => {
        if (target[k] === 0) assert.equal(f, 0, `${what}: sampled filtered-out token ${k}`);
        else assertClose(f, target[k]!, 0.015, `${what}: frequency of token ${k}`);
      });
    };
    check([0.7, 4, 0.9], 'T 0.7, k 4, p 0.9');
    check([1, 0, 0.9], 'defaults (T 1, k 0, p 0.9)');
    const defaults = vals(defs().sampleNextToken(tf.tile(tf.tensor2d([row]), [n, 1])));
    const top = vals(tf.softmax(defs().filterLogits(tf.tensor2d([row]), 1, 0, 0.9)));
    assert.ok(
      defaults.every((d) => top[d]! > 0),
      'the defaults apply top-p 0.9',
    );
  });

  it('KV cache: a prompt at once, then one token at a time, equals full causal attention (float64 reference)', () => {
    const [B, H, T, Dh] = [2, 2, 9, 4];
    const [q, k, v] = [randn([B, H, T, Dh], 710), randn([B, H, T, Dh], 711), randn([B, H, T, Dh], 712)];
    const cache: { k?: tf.Tensor; v?: tf.Tensor } = {};
    const part = (t: tf.Tensor, from: number, size: number) => t.slice([0, 0, from, 0], [-1, -1, size, -1]);
    const outs = [defs().cachedAttention(part(q, 0, 3), part(k, 0, 3), part(v, 0, 3), cache)];
    for (let t = 3; t < T; t++) {
      outs.push(defs().cachedAttention(part(q, t, 1), part(k, t, 1), part(v, t, 1), cache));
      assert.deepEqual(cache.k!.shape, [B, H, t + 1, Dh], 'the cache grows by one position per token');
    }
    const got = vals(tf.concat(outs, 2));
    const block = T * Dh;
    for (let bh = 0; bh < B * H; bh++) {
      const [qs, ks, vs] = [q, k, v].map((t) => vals(t).slice(bh * block, (bh + 1) * block));
      const { out } = refAttention(qs!, ks!, vs!, T, T, Dh, Dh, (i, j) => j <= i);
      assertClose(got.slice(bh * block, (bh + 1) * block), out, 1e-5, `batch·head ${bh}`);
    }
    assert.deepEqual(vals(cache.k!), vals(k));
    assert.deepEqual(vals(cache.v!), vals(v));
    assert.equal(cache.k!.size + cache.v!.size, 2 * B * H * T * Dh, '2 · batch · heads · T · dHead numbers');
  });

  it('is tidy, and the cache frees the tensors it replaces', () => {
    const l = logits();
    assertNoTensorLeak(
      () => [defs().filterLogits(l, 0.8, 5, 0.9), defs().sampleNextToken(l), defs().sampleNextToken(l, 0)],
      'sampling',
    );
    const cache: { k?: tf.Tensor; v?: tf.Tensor } = {};
    const x = randn([1, 2, 1, 4], 720);
    tf.dispose(defs().cachedAttention(x, x, x, cache));
    const before = tf.memory().numTensors;
    for (let t = 0; t < 3; t++) tf.dispose(defs().cachedAttention(x, x, x, cache));
    assert.equal(tf.memory().numTensors, before, 'only the cache itself (two tensors) stays alive');
    assert.equal(cache.k!.shape[2], 4);
  });
});
