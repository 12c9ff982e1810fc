// `npm run eval`: concept recognition measured on real public code we did not write (the corpus in
// test/eval/manifest.json; the files themselves in the git-ignored .eval-corpus/, see DEVELOPERS.md).
// Prints per-file and total recall and precision, the spans per 10,000 lines of code that is not deep
// learning, API coverage per namespace, and lists misses, wrong notes and unjudged spans.
//   npm run eval                      everything
//   npm run eval -- --fetch           download the missing corpus files from GitHub (needs internet), then verify
//   npm run eval -- --verify          only check the corpus files against the manifest (sha256)
//   npm run eval -- --file <id>       one file, with every span
//   npm run eval -- --held-out        only the held-out files (added after tuning); --tuned: only the others
//   npm run eval -- --json out.json   also write the results
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { type ScanHit, scanText } from '../../src/core/scan';
import { builtInKnowledgeBase, builtInApiNamespaces } from '../unit/helpers';

const projectRoot = resolve(__dirname, '../../..');
const evalDir = join(projectRoot, 'test/eval');
const corpusDir = process.env.DL_NOTES_EVAL_CORPUS ?? join(projectRoot, '.eval-corpus');

interface ManifestEntry {
  id: string;
  repo: string;
  path: string;
  commit: string;
  sha256: string;
  lines: number;
  language: string;
  kind: string;
  deepLearning: boolean;
  /** Added after the rules were tuned on the others, and measured before any change made for them. */
  heldOut?: boolean;
}

interface Label {
  line: number;
  text: string;
  slug?: string;
  col?: number;
  cell?: number;
  verdict?: 'right' | 'wrong';
}

interface Labels {
  id: string;
  expect?: Label[];
  nothing?: Label[];
  judged?: Label[];
}

type Outcome = 'right' | 'wrong-note' | 'forbidden' | 'judged-right' | 'judged-wrong' | 'unjudged';

interface FileResult {
  id: string;
  /** The manifest's kind: pytorch-model, training-loop, rl, flax, keras, tfjs, notebook, huggingface, timm, not-dl. */
  kind: string;
  lines: number;
  deepLearning: boolean;
  expected: number;
  found: number;
  misses: Label[];
  spans: { hit: ScanHit; outcome: Outcome; expected?: string }[];
}

const extensionOf = (entry: ManifestEntry) => (entry.language === 'notebook' ? 'ipynb' : entry.path.split('.').pop()!);
const fileOf = (entry: ManifestEntry) => join(corpusDir, `${entry.id}.${extensionOf(entry)}`);

function verify(manifest: ManifestEntry[]): number {
  let problems = 0;
  for (const entry of manifest) {
    const file = fileOf(entry);
    if (!existsSync(file)) {
      console.log(`missing   ${entry.id}: ${file} (${entry.repo}@${entry.commit.slice(0, 7)}:${entry.path})`);
      problems++;
      continue;
    }
    const sha = createHash('sha256').update(readFileSync(file)).digest('hex');
    if (sha !== entry.sha256) {
      console.log(`changed   ${entry.id}: sha256 ${sha} ≠ manifest ${entry.sha256}`);
      problems++;
    }
  }
  console.log(`${manifest.length - problems} of ${manifest.length} corpus files present and unchanged in ${corpusDir}`);
  return problems;
}

/** Offsets, in its line, of the text a label names (every occurrence unless it gives a column). */
function labelRanges(lineText: string, label: Label): [number, number][] {
  const text = String(label.text);
  if (label.col !== undefined) return [[label.col - 1, label.col - 1 + text.length]];
  const ranges: [number, number][] = [];
  for (let i = lineText.indexOf(text); i >= 0; i = lineText.indexOf(text, i + 1)) ranges.push([i, i + text.length]);
  return ranges;
}

function evaluateFile(entry: ManifestEntry, labels: Labels): FileResult {
  const kb = builtInKnowledgeBase();
  const text = readFileSync(fileOf(entry), 'utf8');
  const hits = scanText(kb, fileOf(entry), text);
  const cellLines = new Map<number, string[]>();
  const linesOf = (cell: number | undefined): string[] => {
    const key = cell ?? 0;
    if (!cellLines.has(key)) {
      if (cell === undefined) cellLines.set(key, text.split('\n'));
      else {
        const nb = JSON.parse(text) as { cells: { source: string | string[] }[] };
        const source = nb.cells[cell - 1]?.source ?? '';
        cellLines.set(key, (Array.isArray(source) ? source.join('') : source).split('\n'));
      }
    }
    return cellLines.get(key)!;
  };
  const overlaps = (hit: ScanHit, label: Label) =>
    hit.line === label.line &&
    hit.cell === label.cell &&
    labelRanges(linesOf(label.cell)[label.line - 1] ?? '', label).some(
      ([a, b]) => hit.start - 1 < b && a < hit.end - 1,
    );

  const expected = labels.expect ?? [];
  const misses = expected.filter((label) => !hits.some((hit) => overlaps(hit, label) && hit.slug === label.slug));
  const spans = hits.map((hit) => {
    const expect = expected.filter((label) => overlaps(hit, label));
    if (expect.some((label) => label.slug === hit.slug)) return { hit, outcome: 'right' as Outcome };
    if (expect.length) return { hit, outcome: 'wrong-note' as Outcome, expected: expect[0]!.slug };
    if ((labels.nothing ?? []).some((label) => overlaps(hit, label))) return { hit, outcome: 'forbidden' as Outcome };
    const judged = (labels.judged ?? []).find((label) => overlaps(hit, label) && label.slug === hit.slug);
    if (judged) return { hit, outcome: (judged.verdict === 'right' ? 'judged-right' : 'judged-wrong') as Outcome };
    return { hit, outcome: 'unjudged' as Outcome };
  });
  return {
    id: entry.id,
    kind: entry.kind,
    lines: entry.lines,
    deepLearning: entry.deepLearning,
    expected: expected.length,
    found: expected.length - misses.length,
    misses,
    spans,
  };
}

const right = (r: FileResult) => r.spans.filter((s) => s.outcome === 'right' || s.outcome === 'judged-right').length;
const wrong = (r: FileResult) =>
  r.spans.filter((s) => s.outcome === 'wrong-note' || s.outcome === 'forbidden' || s.outcome === 'judged-wrong').length;
const unjudged = (r: FileResult) => r.spans.filter((s) => s.outcome === 'unjudged').length;
const ratio = (a: number, b: number) => (b === 0 ? '—' : (a / b).toFixed(3));

/** Downloads each missing file at its pinned commit; what arrives is checked by verify(). */
async function fetchCorpus(manifest: ManifestEntry[]): Promise<void> {
  mkdirSync(corpusDir, { recursive: true });
  for (const entry of manifest) {
    if (existsSync(fileOf(entry))) continue;
    const url = `https://raw.githubusercontent.com/${entry.repo}/${entry.commit}/${entry.path}`;
    try {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      writeFileSync(fileOf(entry), Buffer.from(await response.arrayBuffer()));
      console.log(`fetched   ${entry.id}`);
    } catch (error) {
      console.log(`failed    ${entry.id}: ${url}: ${(error as Error).message}`);
    }
  }
}

async function main(args: string[]): Promise<number> {
  const manifest = JSON.parse(readFileSync(join(evalDir, 'manifest.json'), 'utf8')) as ManifestEntry[];
  if (args.includes('--fetch')) await fetchCorpus(manifest);
  if (args.includes('--verify') || args.includes('--fetch')) return verify(manifest) ? 1 : 0;
  const only = args.includes('--file') ? args[args.indexOf('--file') + 1] : undefined;
  const missing = manifest.filter((e) => !existsSync(fileOf(e)));
  if (missing.length) {
    console.log(`${missing.length} corpus file(s) missing from ${corpusDir}: ${missing.map((e) => e.id).join(', ')}`);
    console.log('See DEVELOPERS.md, "The evaluation corpus", for how to get them.');
    if (missing.length === manifest.length) return 1;
  }
  const results: FileResult[] = [];
  const started = performance.now();
  // `--held-out`: only the files added after the rules were tuned; `--tuned`: only the others.
  const heldOut = args.includes('--held-out') ? true : args.includes('--tuned') ? false : undefined;
  for (const entry of manifest) {
    if ((only && entry.id !== only) || !existsSync(fileOf(entry))) continue;
    if (heldOut !== undefined && !!entry.heldOut !== heldOut) continue;
    const labels = parse(readFileSync(join(evalDir, 'labels', `${entry.id}.yaml`), 'utf8')) as Labels;
    results.push(evaluateFile(entry, labels));
  }
  const seconds = (performance.now() - started) / 1000;

  console.log(
    `\n${'file'.padEnd(32)} ${'lines'.padStart(6)} ${'recall'.padStart(7)} ${'prec.'.padStart(7)} ${'right'.padStart(6)} ${'wrong'.padStart(6)} ${'unjdg'.padStart(6)}`,
  );
  for (const r of results) {
    const recall = r.deepLearning ? ratio(r.found, r.expected) : '—';
    console.log(
      `${r.id.padEnd(32)} ${String(r.lines).padStart(6)} ${recall.padStart(7)} ${ratio(right(r), right(r) + wrong(r)).padStart(7)} ${String(right(r)).padStart(6)} ${String(wrong(r)).padStart(6)} ${String(unjudged(r)).padStart(6)}`,
    );
  }
  const dl = results.filter((r) => r.deepLearning);
  const notDl = results.filter((r) => !r.deepLearning);
  const sum = (list: FileResult[], f: (r: FileResult) => number) => list.reduce((a, r) => a + f(r), 0);
  const expected = sum(dl, (r) => r.expected);
  const found = sum(dl, (r) => r.found);
  const rights = sum(results, right);
  const wrongs = sum(results, wrong);
  const unjudgedTotal = sum(results, unjudged);
  const notDlLines = sum(notDl, (r) => r.lines);
  const notDlSpans = sum(notDl, (r) => r.spans.length);
  console.log(
    `\nTotal over ${results.length} files (${sum(results, (r) => r.lines).toLocaleString('en')} lines), analysed in ${seconds.toFixed(1)} s:`,
  );
  console.log(`  recall     ${ratio(found, expected)}  (${found} of ${expected} labelled occurrences)`);
  console.log(
    `  precision  ${ratio(rights, rights + wrongs)}  (${rights} right, ${wrongs} wrong${unjudgedTotal ? `; ${unjudgedTotal} spans not judged yet` : '; every span judged'})`,
  );
  console.log(
    `  not deep learning: ${notDlSpans} span(s) in ${notDlLines.toLocaleString('en')} lines = ${((notDlSpans / Math.max(1, notDlLines)) * 10_000).toFixed(1)} per 10,000 lines`,
  );

  console.log('\nBy kind of file:');
  for (const kind of [...new Set(dl.map((r) => r.kind))]) {
    const of = dl.filter((r) => r.kind === kind);
    const [e, f, ri, wr] = [sum(of, (r) => r.expected), sum(of, (r) => r.found), sum(of, right), sum(of, wrong)];
    console.log(
      `  ${kind.padEnd(16)} ${String(of.length).padStart(2)} file(s)  recall ${ratio(f, e)}  precision ${ratio(ri, ri + wr)}`,
    );
  }

  const list = (title: string, rows: string[]) => {
    if (!rows.length) return;
    console.log(`\n${title} (${rows.length}):`);
    for (const row of rows) console.log(`  ${row}`);
  };
  const where = (id: string, l: { line: number; cell?: number }) => `${id}:${l.cell ? `cell ${l.cell}:` : ''}${l.line}`;
  list(
    'Missed',
    results.flatMap((r) => r.misses.map((m) => `${where(r.id, m)}  ${m.text}  → ${m.slug}`)),
  );
  list(
    'Wrong note',
    results.flatMap((r) =>
      r.spans
        .filter((s) => s.outcome === 'wrong-note')
        .map((s) => `${where(r.id, s.hit)}  ${s.hit.text}  → ${s.hit.slug} (expected ${s.expected})`),
    ),
  );
  list(
    'Must get nothing',
    results.flatMap((r) =>
      r.spans
        .filter((s) => s.outcome === 'forbidden' || s.outcome === 'judged-wrong')
        .map((s) => `${where(r.id, s.hit)}  ${s.hit.text}  → ${s.hit.slug}`),
    ),
  );
  list(
    'Unjudged',
    results.flatMap((r) =>
      r.spans
        .filter((s) => s.outcome === 'unjudged')
        .map((s) => `${where(r.id, s.hit)}  ${s.hit.text}  → ${s.hit.slug}${s.hit.why ? `  (${s.hit.why})` : ''}`),
    ),
  );

  printCoverage();
  if (args.includes('--json')) {
    const out = args[args.indexOf('--json') + 1] ?? 'eval-results.json';
    writeFileSync(
      out,
      JSON.stringify(
        {
          recall: found / expected,
          precision: rights / (rights + wrongs),
          unjudged: unjudgedTotal,
          notDeepLearningPer10k: (notDlSpans / notDlLines) * 10_000,
          files: results.map((r) => ({
            id: r.id,
            recall: r.found / r.expected,
            right: right(r),
            wrong: wrong(r),
            unjudged: unjudged(r),
          })),
        },
        null,
        2,
      ),
    );
  }
  return 0;
}

function printCoverage(): void {
  console.log('\nAPI coverage (names mapped to a note / listed as not a concept / all):');
  for (const ns of builtInApiNamespaces()) {
    const total = ns.concepts.size + ns.notConcepts.size;
    console.log(
      `  ${ns.namespace.padEnd(28)} ${String(ns.concepts.size).padStart(4)} / ${String(ns.notConcepts.size).padStart(4)} / ${String(total).padStart(4)}`,
    );
  }
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
