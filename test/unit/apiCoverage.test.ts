// The API lists in media/api as data: every file parses, every slug is a note, and every public name
// of the installed PyTorch and TensorFlow.js namespaces is decided — mapped to a note or listed as not a concept.
import * as assert from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { type ApiNamespace, apiDocUrl, parseApiNamespace } from '../../src/core/apiCoverage';
import { builtInKnowledgeBase, projectRoot } from './helpers';

const API_FOLDER = join(projectRoot, 'media', 'api');
const TORCH_LISTER = join(projectRoot, 'scripts', 'api', 'list-torch-names.py');
// Debian's python3-torch belongs to the system Python; the first python3 on PATH may be another one.
const SYSTEM_PYTHON = '/usr/bin/python3';

/** Notes being written; remove once the note exists. */
const UPCOMING_SLUGS: string[] = [];

/** File → the namespace it must declare, and where its names come from. */
const FILES: Record<string, { namespace: string; source: 'torch' | 'tfjs' | 'docs' }> = {
  'torch.nn.yaml': { namespace: 'torch.nn', source: 'torch' },
  'torch.nn.functional.yaml': { namespace: 'torch.nn.functional', source: 'torch' },
  'torch.nn.init.yaml': { namespace: 'torch.nn.init', source: 'torch' },
  'torch.optim.yaml': { namespace: 'torch.optim', source: 'torch' },
  'torch.optim.lr_scheduler.yaml': { namespace: 'torch.optim.lr_scheduler', source: 'torch' },
  'torch.distributions.yaml': { namespace: 'torch.distributions', source: 'torch' },
  'tfjs.layers.yaml': { namespace: 'tf.layers', source: 'tfjs' },
  'tfjs.initializers.yaml': { namespace: 'tf.initializers', source: 'tfjs' },
  'tfjs.train.yaml': { namespace: 'tf.train', source: 'tfjs' },
  'tfjs.losses.yaml': { namespace: 'tf.losses', source: 'tfjs' },
  'tfjs.regularizers.yaml': { namespace: 'tf.regularizers', source: 'tfjs' },
  'keras.layers.yaml': { namespace: 'keras.layers', source: 'docs' },
  'keras.initializers.yaml': { namespace: 'keras.initializers', source: 'docs' },
  'keras.optimizers.yaml': { namespace: 'keras.optimizers', source: 'docs' },
  'keras.losses.yaml': { namespace: 'keras.losses', source: 'docs' },
  'flax.linen.yaml': { namespace: 'flax.linen', source: 'docs' },
  'optax.yaml': { namespace: 'optax', source: 'docs' },
};

function readNamespace(file: string): ApiNamespace {
  return parseApiNamespace(readFileSync(join(API_FOLDER, file), 'utf8'));
}

/** Installed names that the file leaves undecided, and listed names the package does not have (typos, removals). */
function compare(ns: ApiNamespace, installed: string[]): { undecided: string[]; unknown: string[] } {
  const have = new Set(installed);
  const listed = [...ns.concepts.keys(), ...ns.notConcepts.keys()];
  return {
    undecided: installed.filter((n) => !ns.concepts.has(n) && !ns.notConcepts.has(n)),
    unknown: listed.filter((n) => !have.has(n)),
  };
}

function assertCovers(file: string, installed: string[], source: string): void {
  const { undecided, unknown } = compare(readNamespace(file), installed);
  assert.ok(installed.length > 0, `${source} lists no names for ${file}`);
  assert.deepStrictEqual(undecided, [], `${file}: ${source} has names that are neither in concepts nor in notConcepts`);
  assert.deepStrictEqual(unknown, [], `${file}: listed names that ${source} does not have`);
}

/** Public members of a tfjs namespace: its own enumerable function-valued properties not starting with "_". */
function tfjsNames(namespace: string): string[] {
  const member = namespace.replace(/^tf\./, '') as 'layers' | 'initializers' | 'train' | 'losses' | 'regularizers';
  const object = tf[member] as unknown as Record<string, unknown>;
  return Object.keys(object)
    .filter((k) => !k.startsWith('_') && typeof object[k] === 'function')
    .sort();
}

describe('parseApiNamespace', () => {
  const parse = (yaml: string) => parseApiNamespace(yaml.replace(/^ {4}/gm, ''));

  it('reads names, notes, reasons and doc pages', () => {
    const ns = parse(`
    namespace: torch.nn
    language: python
    docs: https://pytorch.org/docs/stable/generated/torch.nn.{name}.html
    concepts:
      LayerNorm: layer-normalization
      NLLLoss2d: { note: loss-functions, docs: null }
      Old: { note: dropout, docs: https://example.org/dropout }
    notConcepts:
      Sequential: container
    `);
    assert.deepStrictEqual(ns.problems, []);
    assert.strictEqual(ns.concepts.get('LayerNorm')?.slug, 'layer-normalization');
    assert.strictEqual(ns.notConcepts.get('Sequential'), 'container');
    assert.strictEqual(apiDocUrl(ns, 'LayerNorm'), 'https://pytorch.org/docs/stable/generated/torch.nn.LayerNorm.html');
    assert.strictEqual(apiDocUrl(ns, 'NLLLoss2d'), undefined);
    assert.strictEqual(apiDocUrl(ns, 'Old'), 'https://example.org/dropout');
    assert.strictEqual(apiDocUrl(ns, 'Sequential'), undefined);
  });

  it('reports unknown fields, a name in both lists, an empty reason and a template without {name}, with their lines', () => {
    const ns = parse(`
    namespace: torch.nn
    language: python
    docs: https://pytorch.org/docs/stable/nn.html
    version: 1
    concepts:
      Dropout: dropout
      Linear: { note: dropout, url: x }
    notConcepts:
      Dropout: container
      Identity: ""
    `);
    assert.deepStrictEqual(ns.problems, [
      'line 5: unknown field "version"',
      'line 4: docs must be a URL template containing {name}',
      'line 8: unknown field "url" in a concept (note, docs)',
      'line 10: "Dropout" is in both concepts and notConcepts',
      'line 11: "Identity" in notConcepts needs a short reason',
    ]);
  });

  it('reports a missing namespace, a bad language, duplicate names and YAML errors', () => {
    assert.deepStrictEqual(parse('language: rust\nconcepts: {}\n').problems, [
      'line 1: missing field "namespace"',
      'line 1: language must be one of python, javascript, not "rust"',
    ]);
    assert.match(
      parse('namespace: a\nlanguage: python\nconcepts:\n  A: dropout\n  A: dropout\n').problems.join(),
      /line 5: not valid YAML/,
    );
    assert.match(parse('namespace: [\n').problems.join(), /not valid YAML/);
  });
});

const coverage: string[] = [];

describe('API coverage lists (media/api)', () => {
  it('are exactly the listed namespace files', () => {
    const present = readdirSync(API_FOLDER)
      .filter((f) => f.endsWith('.yaml'))
      .sort();
    assert.deepStrictEqual(present, Object.keys(FILES).sort());
  });

  for (const [file, expected] of Object.entries(FILES)) {
    it(`${file} parses without problems and declares ${expected.namespace}`, () => {
      const ns = readNamespace(file);
      assert.deepStrictEqual(ns.problems, []);
      assert.strictEqual(ns.namespace, expected.namespace);
      assert.strictEqual(ns.language, expected.source === 'tfjs' ? 'javascript' : 'python');
    });
  }

  it('map names only to built-in notes or to the notes being written', () => {
    const slugs = new Set([...builtInKnowledgeBase().notes.map((n) => n.slug), ...UPCOMING_SLUGS]);
    const wrong = Object.keys(FILES).flatMap((file) =>
      [...readNamespace(file).concepts]
        .filter(([, c]) => !slugs.has(c.slug))
        .map(([name, c]) => `${file}: ${name} → ${c.slug}`),
    );
    assert.deepStrictEqual(wrong, []);
  });

  it('give every mapped name an https page or explicitly none', () => {
    const wrong = Object.keys(FILES).flatMap((file) => {
      const ns = readNamespace(file);
      return [...ns.concepts.keys()]
        .map((name) => ({ name, url: apiDocUrl(ns, name), explicitNone: ns.concepts.get(name)?.docs === null }))
        .filter(({ url, explicitNone }) => !(explicitNone || (url !== undefined && /^https:\/\/[^\s{}]+$/.test(url))))
        .map(({ name, url }) => `${file}: ${name} → ${url}`);
    });
    assert.deepStrictEqual(wrong, []);
  });

  describe('PyTorch (names from the installed package)', () => {
    let torch: { torch: string; namespaces: Record<string, string[]> } | undefined;
    let failure: Error | undefined;

    before(function () {
      this.timeout(120_000);
      const run = spawnSync(SYSTEM_PYTHON, [TORCH_LISTER], { encoding: 'utf8', timeout: 110_000 });
      if (run.error || run.status !== 0) {
        failure = new Error(
          `${SYSTEM_PYTHON} ${TORCH_LISTER} failed (${run.error?.message ?? `exit ${run.status}`}): ${run.stderr}\n` +
            "Install Debian's PyTorch with `apt-get install -y python3-torch` (`npm test` does).",
        );
      } else {
        torch = JSON.parse(run.stdout);
      }
    });

    for (const [file, { namespace, source }] of Object.entries(FILES)) {
      if (source !== 'torch') continue;
      it(`${file} decides every public name of ${namespace}`, () => {
        if (failure) throw failure;
        const installed = torch!.namespaces[namespace] ?? [];
        coverage.push(line(file, installed, `PyTorch ${torch!.torch}`));
        assertCovers(file, installed, `PyTorch ${torch!.torch}`);
      });
    }
  });

  describe('TensorFlow.js (names from the installed package)', () => {
    for (const [file, { namespace, source }] of Object.entries(FILES)) {
      if (source !== 'tfjs') continue;
      it(`${file} decides every public name of ${namespace}`, () => {
        const installed = tfjsNames(namespace);
        coverage.push(line(file, installed, `@tensorflow/tfjs ${tf.version.tfjs}`));
        assertCovers(file, installed, `@tensorflow/tfjs ${tf.version.tfjs}`);
      });
    }
  });

  describe('Keras 3, Flax and Optax (names written from their documentation)', () => {
    for (const [file, { source }] of Object.entries(FILES)) {
      if (source !== 'docs') continue;
      it(`${file} has non-empty, disjoint lists`, () => {
        const ns = readNamespace(file);
        coverage.push(line(file, undefined, 'documentation'));
        assert.ok(ns.concepts.size > 0, 'no concepts');
        assert.ok(ns.notConcepts.size > 0, 'no notConcepts');
        assert.deepStrictEqual(
          [...ns.concepts.keys()].filter((n) => ns.notConcepts.has(n)),
          [],
        );
      });
    }
  });

  after(() => {
    if (coverage.length)
      console.log(`\n    API coverage (names, mapped to a note, not concepts, undecided):\n${coverage.join('\n')}\n`);
  });
});

function line(file: string, installed: string[] | undefined, source: string): string {
  const ns = readNamespace(file);
  const listed = ns.concepts.size + ns.notConcepts.size;
  const names = installed?.length ?? listed;
  const undecided = installed ? compare(ns, installed).undecided.length : 0;
  const share = names ? Math.round((100 * ns.concepts.size) / names) : 0;
  return `      ${ns.namespace.padEnd(26)} ${String(names).padStart(4)} ${String(ns.concepts.size).padStart(4)} (${String(share).padStart(3)}%) ${String(ns.notConcepts.size).padStart(4)} ${String(undecided).padStart(4)}   from ${source}`;
}
