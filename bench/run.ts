// `npm run bench`: measures and prints how fast and how big the extension is, and
// writes bench/results.json. Benchmarks report; they never fail the build.
// Sections: size, hover and scan (in-process), VS Code (activation, hover, memory, a demo), web (the same
// for the browser build, in the web worker extension host), web-sandbox (the browser sandbox's demos
// against the Node sandbox's),
// sandbox (first loss, steps/s per demo and backend, peak RSS) against PyTorch, users (users' own
// programs from bench/user, with and without the fast kernels, against PyTorch), ops (fixed cost of
// one operation, tfjs vs PyTorch), chart. `npm run bench -- sandbox chart` runs only those.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parser as pythonParser } from '@lezer/python';
import { chromium } from 'playwright-core';
import { buildCard, cardAsHoverMarkdown } from '../src/core/conceptCard';
import { BUILT_INS_FILE, loadBuiltIns } from '../src/core/builtIns';
import { type Demo, parseDemoHeader } from '../src/core/demoCatalog';
import { KnowledgeBase } from '../src/core/knowledgeBase';
import { scanText, startsOfLines } from '../src/core/scan';
import { type BackendName } from '../src/sandbox/protocol';
import { SandboxRun } from '../src/sandbox/runner';
import { LOSS_CHART_BODY } from '../src/webview/markup';
import { SandboxPage } from '../test/runners/sandboxPage';
import { bundleForWebWorker } from '../test/runners/webSuites';
import { Workbench, projectRoot, readTools } from '../test/runners/workbench';
import { hoverPositions, largeModelFile, percentile } from './largeFile';

// page.evaluate callbacks run in the browser; they only need these names.
declare const window: { dispatchEvent(event: unknown): void };
declare function requestAnimationFrame(callback: () => void): number;

const only = process.argv.slice(2);
const wants = (section: string) => only.length === 0 || only.includes(section);
const results: Record<string, unknown> = {
  date: new Date().toISOString(),
  machine: {
    cpus: cpus().length,
    model: cpus()[0]?.model,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  },
};
const kb = (bytes: number) => Math.round(bytes / 1024);
const median = (values: number[]) => percentile(values, 50);

function line(label: string, value: string, method: string): void {
  console.log(`  ${label.padEnd(40)} ${value.padStart(14)}   ${method}`);
}

function section(title: string): void {
  console.log(`\n${title}`);
}

function sizes(): void {
  section('Size (production build)');
  const file = (p: string) => statSync(join(projectRoot, p)).size;
  const out = mkdtempSync(join(tmpdir(), 'dl-notes-vsix-'));
  const vsix = join(out, 'extension.vsix');
  // vsce runs the production build (vscode:prepublish) before packaging.
  execFileSync(
    process.execPath,
    [join(projectRoot, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '-o', vsix],
    { cwd: projectRoot, stdio: 'ignore' },
  );
  const size = {
    extensionKB: kb(file('dist/extension.js')),
    cliKB: kb(file('dist/cli.js')),
    sandboxWorkerKB: kb(file('dist/sandbox-worker.js')),
    webviewsKB: kb(file('dist/webview/lossChart.js') + file('dist/webview/note.js')),
    webExtensionKB: kb(file('dist/web/extension.js')),
    webRendererKB: kb(file('dist/web/render.js')),
    browserSandboxKB: kb(file('dist/webview/sandboxWorker.js')),
    vsixKB: kb(statSync(vsix).size),
  };
  rmSync(out, { recursive: true, force: true });
  results.size = size;
  line('extension bundle', `${size.extensionKB} KB`, 'dist/extension.js, minified (loaded at activation)');
  line('CLI bundle', `${size.cliKB} KB`, 'dist/cli.js, minified');
  line(
    'sandbox worker bundle',
    `${size.sandboxWorkerKB} KB`,
    'dist/sandbox-worker.js with tfjs + WASM backend (separate process)',
  );
  line('webview scripts', `${size.webviewsKB} KB`, 'note view + loss chart (uPlot)');
  line(
    'browser build',
    `${size.webExtensionKB} KB`,
    'dist/web/extension.js, minified (loaded at activation on the web)',
  );
  line(
    'browser build: note renderer',
    `${size.webRendererKB} KB`,
    'dist/web/render.js (markdown-it + KaTeX), read with the first note view',
  );
  line(
    'browser sandbox (Worker)',
    `${size.browserSandboxKB} KB`,
    'dist/webview/sandboxWorker.js with tfjs + WASM backend, loaded by the loss chart with a run',
  );
  line('VSIX', `${size.vsixKB} KB`, 'vsce package --no-dependencies (includes esbuild-wasm for TypeScript)');
}

/** The built-in notes as the extension loads them: dist/builtins.json, then the knowledge base. */
function loadKnowledgeBase(): KnowledgeBase {
  const builtIns = loadBuiltIns(readFileSync(join(projectRoot, BUILT_INS_FILE), 'utf8'), projectRoot);
  return KnowledgeBase.withUserNotes(builtIns, []);
}

/** CPU time of `work`, in ms: on a shared machine, wall time also counts other jobs' turns. */
function cpuMs(work: () => void): number {
  const before = process.cpuUsage();
  work();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

function hoverInProcess(): void {
  section('Hover, analysis and scan (in-process, plain Node)');
  // Cold, as the first hover after start pays it: the first call in this process.
  let knowledge!: KnowledgeBase;
  const loadMs = cpuMs(() => (knowledge = loadKnowledgeBase()));
  const text = largeModelFile(projectRoot);
  const lines = text.split('\n');
  const lineStarts = startsOfLines(text);
  const parts = [{ text, language: 'python' as const }];
  let analysis = knowledge.analyze([{ text: 'import torch\n', language: 'python' }]);
  const firstAnalysisMs = cpuMs(() => (analysis = knowledge.analyze(parts)));
  // Once warm: the analysis runs again on every edit, so the compiler has optimised it after a few.
  for (let i = 0; i < 10; i++) analysis = knowledge.analyze(parts);
  const analysisSamples = Array.from({ length: 15 }, () => cpuMs(() => (analysis = knowledge.analyze(parts))));
  const spans = analysis.occurrences.length;
  const samples: number[] = [];
  for (const position of hoverPositions(text, 20_000)) {
    const t0 = performance.now();
    const o = analysis.at(0, lineStarts[position.line]! + position.character);
    if (o)
      cardAsHoverMarkdown(buildCard(knowledge, o.slug, { written: o.text, family: 'python' })!, {
        canRunDemo: true,
      });
    samples.push(performance.now() - t0);
  }

  // What a real parser costs on the same file: why the analysis reads tokens (src/core/analysis/tokens.ts).
  const lezerSamples = Array.from({ length: 12 }, () => cpuMs(() => pythonParser.parse(text))).slice(2);

  // A large program that is not deep learning: TypeScript's compiler, in one file.
  const compiler = join(projectRoot, 'node_modules/typescript/lib/typescript.js');
  const compilerText = readFileSync(compiler, 'utf8');
  let compilerSpans = 0;
  const compilerMs = cpuMs(() => (compilerSpans = scanText(knowledge, compiler, compilerText).length));

  const file = join(mkdtempSync(join(tmpdir(), 'dl-notes-scan-')), 'large_model.py');
  writeFileSync(file, text);
  const cliStart = performance.now();
  execFileSync(process.execPath, [join(projectRoot, 'dist/cli.js'), 'scan', file, '--json'], { stdio: 'ignore' });
  const cliMs = performance.now() - cliStart;
  rmSync(file, { force: true });

  const hover = {
    knowledgeBaseMs: loadMs,
    lines: lines.length,
    analysisMs: { first: firstAnalysisMs, median: median(analysisSamples), best: Math.min(...analysisSamples) },
    lezerParseMs: median(lezerSamples),
    p50us: percentile(samples, 50) * 1000,
    p99us: percentile(samples, 99) * 1000,
    requests: samples.length,
  };
  const scan = {
    lines: lines.length,
    spans,
    cliSeconds: cliMs / 1000,
    cliLinesPerSecond: lines.length / (cliMs / 1000),
    compiler: { lines: compilerText.split('\n').length, seconds: compilerMs / 1000, spans: compilerSpans },
  };
  Object.assign(results, { hover, scan });
  const notes = knowledge.notes.length;
  line(
    `knowledge base, cold (${notes} notes)`,
    `${loadMs.toFixed(1)} ms`,
    'dist/builtins.json → notes, concept index, API index, link graph; first call in the process, CPU time',
  );
  line(
    `analysis of a ${lines.length.toLocaleString('en')}-line file`,
    `${hover.analysisMs.median.toFixed(1)} ms`,
    `once warm: median of 15 after 10 (best ${hover.analysisMs.best.toFixed(1)}); the first in the process ${firstAnalysisMs.toFixed(0)} ms; CPU time; ${spans} occurrences`,
  );
  line(
    'Lezer parse of the same file',
    `${median(lezerSamples).toFixed(0)} ms`,
    'for comparison: @lezer/python, the syntax tree alone, median of 10 after 2, CPU time',
  );
  line(
    'first hover, cold',
    `${(loadMs + firstAnalysisMs).toFixed(0)} ms`,
    "knowledge base + the file's first analysis, when the hover comes before they were made in the background",
  );
  line(
    `hover p50 / p99 after the analysis`,
    `${hover.p50us.toFixed(0)} / ${hover.p99us.toFixed(0)} µs`,
    '20,000 lookups at random identifiers: occurrence at the position + card + Markdown',
  );
  line(
    `scan of typescript.js (${scan.compiler.lines.toLocaleString('en')} lines)`,
    `${scan.compiler.seconds.toFixed(2)} s`,
    `${compilerSpans} span(s): a compiler is not deep learning; CPU time, in-process`,
  );
  line(
    'dl-notes scan --json, end to end',
    `${Math.round(scan.cliLinesPerSecond).toLocaleString('en')} lines/s`,
    `${scan.cliSeconds.toFixed(2)} s for the 10k-line file, including Node start-up`,
  );
}

interface VsCodeRun {
  activationMs: number;
  ownActivationMs: number;
  hoverMs: { p50: number; p99: number };
  firstHoverMs: number;
  coldHoverMs: number;
  ownHoverMs: { first: number; second: number; cold: number };
  notesLoadMs?: number;
  notesLoadPhases?: { builtInsMs: number; yoursMs: number; indexMs: number };
  heapMB?: { before: number; afterActivation: number; afterTreeAndNote: number };
  loadedAtActivation: { notes: boolean; katex: boolean };
  demoRun: { status: string; header?: string; firstPointMs?: number; stepsPerSecond: number };
}

/** The VS Code benchmark (bench/vscode) bundled for the browser's web worker extension host. */
function bundleWebBench(): Promise<string> {
  return bundleForWebWorker('bench/vscode/web.ts', 'out/bench/web/index.js');
}

/** Starts VS Code `starts` times with the extension in `host` (its Node build, or its browser build in the web worker). */
async function inVsCode(starts: number, host: 'node' | 'web'): Promise<void> {
  const where = host === 'web' ? 'browser build, web worker extension host' : 'Node extension host';
  const settle = Number(process.env.DLN_BENCH_SETTLE_MS ?? 0);
  section(
    `In a real VS Code (VS Code 1.139 in code-server, ${where}, ${starts} starts${settle ? `, activated ${settle} ms after start` : ''})`,
  );
  const runs: VsCodeRun[] = [];
  const scratch = mkdtempSync(join(tmpdir(), 'dl-notes-bench-'));
  const largeFile = join(scratch, 'large_model.py');
  writeFileSync(largeFile, largeModelFile(projectRoot));
  const testsPath = host === 'web' ? await bundleWebBench() : join(projectRoot, 'out/bench/vscode/index.js');
  try {
    for (let i = 0; i < starts; i++) {
      let output: string | undefined;
      const workbench = await Workbench.open({
        workspace: join(projectRoot, 'examples'),
        extensionHost: host,
        extensionTestsPath: testsPath,
        settings: { 'deepLearningNotesBench.largeFile': largeFile, 'deepLearningNotesBench.settleMs': settle },
        onLog: (text) => {
          const at = text.indexOf('DLN_BENCH ');
          if (at >= 0) output = text.slice(at + 'DLN_BENCH '.length);
        },
      });
      try {
        const code = await Promise.race([
          workbench.testsExitCode(),
          new Promise<number>((resolve) => setTimeout(() => resolve(124), 180_000)),
        ]);
        if (code !== 0 || !output) throw new Error(`the VS Code benchmark failed (code ${code})`);
        const run = JSON.parse(output) as VsCodeRun & { host: string };
        if (run.host !== host) throw new Error(`the extension ran in the ${run.host} host, not ${host}`);
        runs.push(run);
      } finally {
        await workbench.close();
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const activation = runs.map((r) => r.activationMs);
  const own = runs.map((r) => r.ownActivationMs);
  const last = runs[runs.length - 1];
  const heaps = runs.flatMap((r) => (r.heapMB ? [r.heapMB] : []));
  const vscode = {
    activationMs: { median: median(activation), samples: activation },
    ownActivationMs: { median: median(own), samples: own },
    loadedAtActivation: last!.loadedAtActivation,
    hoverMs: { p50: median(runs.map((r) => r.hoverMs.p50)), p99: median(runs.map((r) => r.hoverMs.p99)) },
    firstHoverMs: {
      own: median(runs.map((r) => r.ownHoverMs.first)),
      roundTrip: median(runs.map((r) => r.firstHoverMs)),
    },
    coldHoverMs: {
      own: median(runs.map((r) => r.ownHoverMs.cold)),
      roundTrip: median(runs.map((r) => r.coldHoverMs)),
      notesLoadMs: median(runs.map((r) => r.notesLoadMs ?? NaN)),
      builtInsReadMs: median(runs.map((r) => r.notesLoadPhases?.builtInsMs ?? NaN)),
    },
    demo: {
      stepsPerSecond: median(runs.map((r) => r.demoRun.stepsPerSecond)),
      firstPointMs: median(runs.map((r) => r.demoRun.firstPointMs ?? NaN)),
      header: last!.demoRun.header,
      statuses: [...new Set(runs.map((r) => r.demoRun.status))],
    },
    heapMB: heaps.length
      ? {
          addedByActivation: median(heaps.map((h) => h.afterActivation - h.before)),
          addedAfterTreeAndNote: median(heaps.map((h) => h.afterTreeAndNote - h.before)),
        }
      : undefined,
  };
  if (host === 'web') results.vscodeWeb = { ...vscode, runs };
  else results.vscode = { ...vscode, runs };
  line(
    'activation as the host sees it (median)',
    `${vscode.activationMs.median.toFixed(1)} ms`,
    `await extension.activate() right after start: load the bundle + activate(); samples ${activation.map((a) => a.toFixed(0)).join(', ')}`,
  );
  line(
    'our activate() function (median)',
    `${vscode.ownActivationMs.median.toFixed(1)} ms`,
    `registering every provider, command and view; samples ${own.map((a) => a.toFixed(1)).join(', ')}`,
  );
  line(
    'what activation loads',
    `${last!.loadedAtActivation.notes ? 'notes' : 'no notes'}, ${last!.loadedAtActivation.katex ? 'KaTeX' : 'no KaTeX'}`,
    'the bundle registers providers; the notes load just after, in the background; markdown-it/KaTeX with the first note view; tfjs never',
  );
  line(
    'first hover: ours / round trip (median)',
    `${vscode.firstHoverMs.own.toFixed(1)} / ${vscode.firstHoverMs.roundTrip.toFixed(0)} ms`,
    'examples/model.py opened and hovered a second later (the notes and the file were read meanwhile); ours = the provider, round trip = executeHoverProvider',
  );
  line(
    'first hover, cold: ours / round trip',
    `${vscode.coldHoverMs.own.toFixed(1)} / ${vscode.coldHoverMs.roundTrip.toFixed(0)} ms`,
    `hovered at once after Reload Notes: reading the notes (${vscode.coldHoverMs.notesLoadMs.toFixed(0)} ms, ${vscode.coldHoverMs.builtInsReadMs.toFixed(0)} of them the built-in content through vscode.workspace.fs) + the file's analysis + the hover`,
  );
  line(
    'hover p50 / p99 via executeHoverProvider',
    `${vscode.hoverMs.p50.toFixed(2)} / ${vscode.hoverMs.p99.toFixed(2)} ms`,
    '300 requests on a 10k-line file, round trip through VS Code (all hover providers)',
  );
  line(
    'layernorm-comparison through Run Demo…',
    `${vscode.demo.stepsPerSecond.toFixed(0)} steps/s`,
    `median; first loss ${vscode.demo.firstPointMs.toFixed(0)} ms after the command (chart opened, sandbox started); ${vscode.demo.header}; ${vscode.demo.statuses.join(', ')}`,
  );
  if (vscode.heapMB) {
    line(
      'extension host heap: activation',
      `+${vscode.heapMB.addedByActivation.toFixed(1)} MB`,
      'heapUsed before/after activate()',
    );
    line(
      'extension host heap: + tree and a note',
      `+${vscode.heapMB.addedAfterTreeAndNote.toFixed(1)} MB`,
      'after hovering 300 times, expanding the whole tree and opening a note',
    );
  }
}

interface DemoMeasurement {
  demo: string;
  backend: BackendName;
  /** Whether the sandbox's fast kernels ran (false: stock tfjs). */
  fastKernels: boolean;
  status: string;
  steps: number;
  stepsPerSecond: number;
  firstPointMs?: number;
  peakRssMB?: number;
}

function tfjsNodeAvailable(): boolean {
  try {
    require.resolve('@tensorflow/tfjs-node', { paths: [projectRoot] });
    return true;
  } catch {
    return false;
  }
}

function startSandbox(
  code: string,
  filename: string,
  backend: BackendName,
  steps?: number,
  onLog?: (text: string) => void,
  fastKernels = true,
): SandboxRun {
  return new SandboxRun(
    join(projectRoot, 'dist/sandbox-worker.js'),
    { type: 'run', code, filename, language: 'javascript', backend, steps, searchPaths: [], fastKernels },
    { timeoutMs: 300_000, maxMemoryMB: 4096 },
    { onLog: (_level, text) => onLog?.(text) },
  );
}

async function runDemo(
  demo: { id: string; file: string; steps: number },
  backend: BackendName,
  steps: number,
  fastKernels = true,
): Promise<DemoMeasurement> {
  const result = await startSandbox(
    readFileSync(join(projectRoot, demo.file), 'utf8'),
    `${demo.id}.js`,
    backend,
    steps,
    undefined,
    fastKernels,
  ).done;
  const done = Math.max(0, ...Object.values(result.steps));
  // Steps after the first loss point, over the time after it: excludes start-up and the first (compiling) step.
  const trainingSeconds = (result.ms - (result.firstPointMs ?? 0)) / 1000;
  return {
    demo: demo.id,
    backend,
    fastKernels: result.info?.kernels.applied ?? false,
    status: result.status,
    steps: done,
    stepsPerSecond: done > 1 ? (done - 1) / trainingSeconds : 0,
    firstPointMs: result.firstPointMs,
    peakRssMB: result.peakRssMB,
  };
}

function pythonWithTorch(): string | undefined {
  try {
    return readTools().python ?? undefined;
  } catch {
    return undefined;
  }
}

/** Runs a script of bench/pytorch and parses the JSON line it prints last. */
function runPytorch<T>(python: string, script: string, args: string[] = []): T | undefined {
  const path = join(projectRoot, 'bench/pytorch', script);
  if (!existsSync(path)) return undefined;
  const out = spawnSync(python, [path, ...args], { encoding: 'utf8', timeout: 300_000 });
  const last = out.stdout?.trim().split('\n').pop();
  return out.status === 0 && last ? (JSON.parse(last) as T) : undefined;
}

function pytorchTwin(id: string, steps: number, python: string): { stepsPerSecond: number } | undefined {
  const twin = runPytorch<{ steps: number; seconds: number }>(python, `${id}.py`, [String(steps)]);
  return twin && { stepsPerSecond: twin.steps / twin.seconds };
}

// The same measurement as bench/pytorch/op-overhead.py, run in the sandbox on `backend`.
const OP_OVERHEAD_PROGRAM = `
const a = tf.randomNormal([8]), b = tf.randomNormal([8]);
const forward = [], backward = [];
for (let round = 0; round < 5; round++) {
  let start = Date.now();
  tf.tidy(() => { for (let i = 0; i < 20000; i++) tf.add(a, b); });
  forward.push((Date.now() - start) / 20000 * 1000);
  const x = tf.variable(tf.randomNormal([8]));
  start = Date.now();
  tf.tidy(() => tf.grads((x) => { let y = x; for (let i = 0; i < 2000; i++) y = tf.add(y, b); return y.sum(); })([x]));
  backward.push((Date.now() - start) / 2000 * 1000);
  x.dispose();
}
const middle = (v) => v.sort((p, q) => p - q)[2];
console.log(JSON.stringify({ forwardUs: middle(forward), forwardBackwardUs: middle(backward) }));
`;

async function opOverhead(): Promise<void> {
  section('Fixed cost of one operation (what dominates tiny models)');
  const backend: BackendName = tfjsNodeAvailable() ? 'tensorflow' : 'wasm';
  const python = pythonWithTorch();
  type OpCost = { forwardUs: number; forwardBackwardUs: number };
  const logs: string[] = [];
  const result = await startSandbox(OP_OVERHEAD_PROGRAM, 'op-overhead.js', backend, undefined, (text) =>
    logs.push(text),
  ).done;
  const ours = result.status === 'completed' ? (JSON.parse(logs[logs.length - 1]!) as OpCost) : undefined;
  const torch = python ? runPytorch<OpCost>(python, 'op-overhead.py') : undefined;
  results.opOverhead = { backend, tfjs: ours, pytorch: torch };
  const show = (m?: OpCost) => (m ? `${m.forwardUs.toFixed(1)} / ${m.forwardBackwardUs.toFixed(1)} µs` : '—');
  line(
    `tfjs on ${backend}: forward / with backward`,
    show(ours),
    'an add of 8 numbers: 20,000 forward; a chain of 2,000 with its gradient; median of 5',
  );
  line(
    'PyTorch: forward / with backward',
    show(torch),
    'the same in bench/pytorch/op-overhead.py: the fixed cost that dominates tiny models',
  );
}

/** Users' programs kept for the bench, with a demo's header (title, note, steps); paths relative to the root. */
function programsIn(folder: string): Demo[] {
  return readdirSync(join(projectRoot, folder))
    .filter((name) => name.endsWith('.js'))
    .sort()
    .map((name) => {
      const file = `${folder}/${name}`;
      return parseDemoHeader(name.slice(0, -3), file, readFileSync(join(projectRoot, file), 'utf8'));
    });
}

type Measured = DemoMeasurement & { pytorchStepsPerSecond?: number; ratio?: number };

/** One program's variants: a label ('wasm', 'wasm, stock tfjs', …) and how to run it once. */
type Variant = { label: string; backend: BackendName; fastKernels: boolean; steps: (demo: Demo) => number };

/**
 * Trains each program on each variant and its PyTorch twin, `repeats` times, alternating, and keeps the fastest run
 * of each: a busy moment on a shared machine then slows one attempt, not the ratio. Variants marked `once` run once.
 */
async function trainingSpeed(programs: Demo[], variants: (Variant & { once?: boolean })[]): Promise<Measured[]> {
  const python = pythonWithTorch();
  const repeats = Math.max(1, Number(process.env.DLN_BENCH_REPEATS ?? 2));
  const fastest = <T extends { stepsPerSecond: number }>(a: T | undefined, b: T | undefined) =>
    !a || (b && b.stepsPerSecond > a.stepsPerSecond) ? b : a;
  const rows: Measured[] = [];
  console.log(
    `  ${'program'.padEnd(32)} ${'variant'.padEnd(18)} ${'steps/s'.padStart(8)} ${'PyTorch'.padStart(8)} ${'ratio'.padStart(6)} ${'1st loss'.padStart(9)} ${'peak RSS'.padStart(9)}`,
  );
  for (const program of programs) {
    let torch: { stepsPerSecond: number } | undefined;
    const best = new Map<string, DemoMeasurement>();
    for (let attempt = 0; attempt < repeats; attempt++) {
      if (python) torch = fastest(torch, pytorchTwin(program.id, program.steps, python));
      for (const variant of variants.filter((v) => attempt === 0 || !v.once)) {
        const measured = await runDemo(program, variant.backend, variant.steps(program), variant.fastKernels);
        best.set(variant.label, fastest(best.get(variant.label), measured)!);
      }
    }
    for (const variant of variants) {
      const m = best.get(variant.label)!;
      const ratio = torch ? m.stepsPerSecond / torch.stepsPerSecond : undefined;
      rows.push({ ...m, pytorchStepsPerSecond: torch?.stepsPerSecond, ratio });
      console.log(
        `  ${program.id.padEnd(32)} ${variant.label.padEnd(18)} ${m.stepsPerSecond.toFixed(0).padStart(8)} ${(torch ? torch.stepsPerSecond.toFixed(0) : '—').padStart(8)} ${(ratio ? ratio.toFixed(2) : '—').padStart(6)} ${`${m.firstPointMs ?? '—'} ms`.padStart(9)} ${`${m.peakRssMB?.toFixed(0) ?? '—'} MB`.padStart(9)}${m.status === 'completed' ? '' : `  (${m.status})`}`,
      );
    }
  }
  console.log(
    `  method: each program in the sandbox process; steps/s = (steps − 1) / time after the first loss point, best of ${repeats};`,
  );
  console.log(
    `          PyTorch twin = bench/pytorch/<program>.py (same model, data size, batch and optimizer), Debian's torch, one thread, best of ${repeats};`,
  );
  console.log(
    '          1st loss = ms from spawning the sandbox to the first loss point; peak RSS sampled every 200 ms from /proc.',
  );
  return rows;
}

function ratioSummary(label: string, rows: Measured[]): void {
  const ratios = rows.map((r) => r.ratio).filter((r): r is number => r !== undefined);
  if (!ratios.length) return;
  const withinTwo = ratios.filter((r) => r >= 0.5).length;
  console.log(
    `  ${label}: median ratio ${median(ratios).toFixed(2)}, ${withinTwo} of ${ratios.length} within 2× of PyTorch (≥ 0.5), range ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}`,
  );
}

async function sandbox(): Promise<void> {
  section('Sandbox: demos on each backend, against PyTorch on the same work (ratio = ours / PyTorch CPU)');
  const { demos } = loadBuiltIns(readFileSync(join(projectRoot, BUILT_INS_FILE), 'utf8'), projectRoot);
  const all = (demo: Demo) => demo.steps;
  // The CPU backend is several times slower: a fifth of the steps is enough to measure its rate; it runs once.
  const fifth = (demo: Demo) => Math.max(10, Math.round(demo.steps / 5));
  const rows = await trainingSpeed(demos, [
    ...(tfjsNodeAvailable()
      ? [{ label: 'tensorflow', backend: 'tensorflow' as const, fastKernels: true, steps: all }]
      : []),
    { label: 'wasm', backend: 'wasm', fastKernels: true, steps: all },
    { label: 'cpu', backend: 'cpu', fastKernels: true, steps: fifth, once: true },
  ]);
  results.sandbox = rows;
  ratioSummary(
    'demos on WebAssembly',
    rows.filter((r) => r.backend === 'wasm'),
  );
}

async function userPrograms(): Promise<void> {
  section("Sandbox: users' own programs (tf.layers, model.fit, custom loops) on WebAssembly, against PyTorch");
  const programs = programsIn('bench/user');
  const rows = await trainingSpeed(programs, [
    { label: 'wasm', backend: 'wasm', fastKernels: true, steps: (p) => p.steps },
    // Stock tfjs, as with deepLearningNotes.sandbox.fastKernels off: what the fast kernels gain.
    { label: 'wasm, stock tfjs', backend: 'wasm', fastKernels: false, steps: (p) => p.steps, once: true },
  ]);
  results.userPrograms = rows;
  ratioSummary(
    "users' programs on WebAssembly",
    rows.filter((r) => r.fastKernels),
  );
}

/** A demo in the browser sandbox (a Worker in headless Chromium, test/runners/sandboxPage.ts), measured as runDemo measures. */
async function runDemoInBrowser(page: SandboxPage, demo: Demo): Promise<DemoMeasurement> {
  const outcome = await page.run(readFileSync(join(projectRoot, demo.file), 'utf8'), {
    filename: `${demo.id}.js`,
    backend: 'wasm',
    steps: demo.steps,
  });
  const done = outcome.messages.find((m) => m.type === 'done');
  const steps = done ? Math.max(0, ...Object.values(done.steps)) : 0;
  // The Worker's own clock, as the Node sandbox's: steps after the first loss point, over the time after it.
  const trainingSeconds = done ? (done.ms - (done.firstPointMs ?? 0)) / 1000 : 0;
  const backend = outcome.messages.find((m) => m.type === 'backend');
  return {
    demo: demo.id,
    backend: 'wasm',
    fastKernels: backend?.kernels.applied ?? false,
    status: done ? 'completed' : outcome.end,
    steps,
    stepsPerSecond: steps > 1 ? (steps - 1) / trainingSeconds : 0,
    firstPointMs: outcome.firstPointMs && Math.round(outcome.firstPointMs),
  };
}

/** Every demo in the browser sandbox and in the Node sandbox (both WebAssembly, fast kernels): steps/s and first loss. */
async function browserSandbox(): Promise<void> {
  section('Sandbox in the browser (a Worker in Chromium, as on vscode.dev) against the Node sandbox, WebAssembly both');
  const { demos } = loadBuiltIns(readFileSync(join(projectRoot, BUILT_INS_FILE), 'utf8'), projectRoot);
  const repeats = Math.max(1, Number(process.env.DLN_BENCH_REPEATS ?? 2));
  const fastest = <T extends { stepsPerSecond: number }>(a: T | undefined, b: T) =>
    !a || b.stepsPerSecond > a.stepsPerSecond ? b : a;
  const page = await SandboxPage.open();
  const rows: { demo: string; node: DemoMeasurement; browser: DemoMeasurement; ratio: number }[] = [];
  console.log(
    `  ${'demo'.padEnd(32)} ${'Node'.padStart(8)} ${'browser'.padStart(8)} ${'ratio'.padStart(6)} ${'1st loss Node'.padStart(14)} ${'browser'.padStart(8)}`,
  );
  try {
    for (const demo of demos) {
      let node: DemoMeasurement | undefined;
      let browser: DemoMeasurement | undefined;
      for (let attempt = 0; attempt < repeats; attempt++) {
        node = fastest(node, await runDemo(demo, 'wasm', demo.steps));
        browser = fastest(browser, await runDemoInBrowser(page, demo));
      }
      const ratio = browser!.stepsPerSecond / node!.stepsPerSecond;
      rows.push({ demo: demo.id, node: node!, browser: browser!, ratio });
      console.log(
        `  ${demo.id.padEnd(32)} ${node!.stepsPerSecond.toFixed(0).padStart(8)} ${browser!.stepsPerSecond.toFixed(0).padStart(8)} ${ratio.toFixed(2).padStart(6)} ${`${node!.firstPointMs ?? '—'} ms`.padStart(14)} ${`${browser!.firstPointMs ?? '—'} ms`.padStart(8)}${browser!.status === 'completed' ? '' : `  (${browser!.status})`}`,
      );
    }
  } finally {
    await page.close();
  }
  const ratios = rows.map((r) => r.ratio).sort((a, b) => a - b);
  const firstLoss = (pick: (r: (typeof rows)[number]) => DemoMeasurement) =>
    median(rows.map((r) => pick(r).firstPointMs ?? NaN).filter(Number.isFinite));
  results.browserSandbox = {
    rows,
    ratio: { median: median(ratios), min: ratios[0], max: ratios[ratios.length - 1] },
    firstPointMs: { node: firstLoss((r) => r.node), browser: firstLoss((r) => r.browser) },
  };
  line(
    'demo steps/s, browser ÷ Node sandbox',
    `median ${median(ratios).toFixed(2)}`,
    `${ratios[0]!.toFixed(2)}–${ratios[ratios.length - 1]!.toFixed(2)} over ${rows.length} demos, best of ${repeats} each`,
  );
  line(
    'start to first loss, median',
    `${firstLoss((r) => r.browser).toFixed(0)} / ${firstLoss((r) => r.node).toFixed(0)} ms`,
    'browser (new Worker: parse the bundle, start WebAssembly) / Node (spawn the process)',
  );
}

async function chart(): Promise<void> {
  section('Loss chart (uPlot) in headless Chromium');
  const tools = readTools();
  const browser = await chromium.launch({
    executablePath: tools.chromium!,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    const css = ['node_modules/uplot/dist/uPlot.min.css', 'media/webview/common.css', 'media/webview/lossChart.css']
      .map((f) => readFileSync(join(projectRoot, f), 'utf8'))
      .join('\n');
    await page.setContent(
      `<!DOCTYPE html><html><head><style>${css}</style></head><body>${LOSS_CHART_BODY}</body></html>`,
    );
    // The webview API stubbed: the chart only posts messages and keeps state.
    await page.evaluate(() => {
      (globalThis as Record<string, unknown>).acquireVsCodeApi = () => ({
        postMessage: () => undefined,
        getState: () => undefined,
        setState: () => undefined,
      });
    });
    await page.addScriptTag({ content: readFileSync(join(projectRoot, 'dist/webview/lossChart.js'), 'utf8') });
    const timings = await page.evaluate(async () => {
      const frame = () =>
        new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
      const post = (data: unknown) => window.dispatchEvent(new MessageEvent('message', { data }));
      const steps = Array.from({ length: 100_000 }, (_, i) => i + 1);
      const losses = steps.map((s) => 1 / Math.sqrt(s) + 0.01 * Math.sin(s));
      let t0 = performance.now();
      post({
        type: 'snapshot',
        runs: [{ id: 1, title: 'bench', status: 'running', series: [{ name: 'loss', steps, losses }] }],
      });
      await frame();
      const draw100k = performance.now() - t0;
      const appends: number[] = [];
      for (let round = 0; round < 10; round++) {
        const points = Array.from({ length: 1000 }, (_, i) => ({
          series: 'loss',
          step: 100_001 + round * 1000 + i,
          loss: 0.003,
        }));
        t0 = performance.now();
        post({ type: 'points', id: 1, points });
        await frame();
        appends.push(performance.now() - t0);
      }
      appends.sort((a, b) => a - b);
      return { draw100k, append1kMedian: appends[5] };
    });
    results.chart = timings;
    line(
      'draw 100k points',
      `${timings.draw100k.toFixed(0)} ms`,
      'snapshot message → painted frame (two animation frames)',
    );
    line(
      'append 1k points to a live chart',
      `${timings.append1kMedian!.toFixed(1)} ms`,
      'points message → painted frame, median of 10, chart holds 100k+',
    );
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  console.log(
    `Deep Learning Notes benchmarks — ${(results.machine as { cpus: number }).cpus} cores, ${(results.machine as { model: string }).model}, Node ${process.version}`,
  );
  if (wants('size')) sizes();
  if (wants('hover')) hoverInProcess();
  if (wants('vscode')) await inVsCode(Number(process.env.DLN_BENCH_STARTS ?? 5), 'node');
  if (wants('web')) await inVsCode(Number(process.env.DLN_BENCH_STARTS ?? 5), 'web');
  if (wants('web-sandbox')) await browserSandbox();
  if (wants('sandbox')) await sandbox();
  if (wants('sandbox') || wants('users')) await userPrograms();
  if (wants('sandbox') || wants('ops')) await opOverhead();
  if (wants('chart')) await chart();
  // A run of some sections updates those and keeps the others from the last run.
  const file = join(projectRoot, 'bench/results.json');
  const previous = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  writeFileSync(file, JSON.stringify({ ...previous, ...results }, null, 2));
  console.log(`\nwrote ${file}`);
}

main().catch((error) => {
  // Benchmarks report; a failure is printed, not turned into a red build.
  console.error(`benchmark failed: ${error instanceof Error ? error.stack : error}`);
  process.exitCode = 0;
});
