// dl-notes: the extension's knowledge and sandbox from a terminal, on the same
// core, so what the CLI says is what the hover shows.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { buildCard, cardAsText } from './core/conceptCard';
import { readDemos } from './core/demoCatalog';
import { KnowledgeBase } from './core/knowledgeBase';
import { formatProblem } from './core/note';
import { readNoteSources } from './core/notesLoader';
import { SNIPPET_FILES, SnippetCatalog } from './core/snippetCatalog';
import { type ScanHit, scanText } from './core/scan';
import { parseApiNamespace } from './core/apiCoverage';
import { LossHistory } from './sandbox/lossHistory';
import { type BackendChoice } from './sandbox/protocol';
import { headerLines } from './sandbox/runHeader';
import { SandboxRun } from './sandbox/runner';

const root = resolve(__dirname, '..');
const builtInNotes = join(root, 'media', 'notes');

const USAGE = `dl-notes — deep-learning concepts for your code

Usage:
  dl-notes explain <term>            the note for a term (nn.LayerNorm, "layer norm", dropout); exit 1 if none
  dl-notes scan <file> [--json]      every concept the hover would explain in a file (.py, .js, .ts, .md, .ipynb)
  dl-notes list                      the notes, by topic
  dl-notes check <dir>               validate a folder of your own notes (file:line: problem)
  dl-notes run <demo|file.js|file.ts> [--backend auto|tensorflow|wasm|cpu] [--steps N]
                                     [--csv out.csv] [--svg out.svg] [--timeout seconds] [--max-memory MB]
                                     train in the sandbox and print the loss
  dl-notes demos                     the runnable demos
`;

function loadKnowledgeBase(extraFolders: string[] = []): KnowledgeBase {
  const folders = [{ path: builtInNotes, builtIn: true }, ...extraFolders.map((path) => ({ path, builtIn: false }))];
  const { sources, problems } = readNoteSources(folders);
  const apiFolder = join(root, 'media', 'api');
  const namespaces = readdirSync(apiFolder)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => parseApiNamespace(readFileSync(join(apiFolder, f), 'utf8')));
  return KnowledgeBase.fromSources(sources, problems, namespaces);
}

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  if (at < 0) return undefined;
  const value = args[at + 1];
  if (value === undefined || value.startsWith('--')) throw new UsageError(`${name} needs a value`);
  args.splice(at, 2);
  return value;
}

function flag(args: string[], name: string): boolean {
  const at = args.indexOf(name);
  if (at >= 0) args.splice(at, 1);
  return at >= 0;
}

class UsageError extends Error {}

function explain(term: string): number {
  const kb = loadKnowledgeBase();
  const resolved = kb.resolveTerm(term);
  if (resolved && 'candidates' in resolved) {
    const titles = resolved.candidates.map((slug) => `${kb.note(slug)?.title ?? slug} (dl-notes explain ${slug})`);
    console.error(`"${term.trim()}" names a concept only in context; it may mean:\n  ${titles.join('\n  ')}`);
    return 1;
  }
  const card =
    resolved &&
    buildCard(kb, resolved.slug, {
      written: term.trim(),
      apiDoc: resolved.api?.docs ? { name: resolved.api.name, url: resolved.api.docs } : undefined,
    });
  if (!card) {
    console.error(`No note matches "${term.trim()}". Try \`dl-notes list\`.`);
    return 1;
  }
  console.log(cardAsText(card));
  return 0;
}

/** Every concept the hover would explain in a file; a notebook's cells are read as one document. */
function scanFile(file: string): ScanHit[] {
  return scanText(loadKnowledgeBase(), file, readFileSync(file, 'utf8'));
}

function scan(file: string, json: boolean): number {
  const hits = scanFile(file);
  if (json) {
    console.log(JSON.stringify(hits));
    return 0;
  }
  if (hits.length === 0) {
    console.log(`No deep-learning concepts found in ${file}.`);
    return 0;
  }
  const where = (h: ScanHit) => `${h.cell !== undefined ? `cell ${h.cell} ` : ''}${h.line}:${h.start}-${h.end}`;
  const width = Math.max(...hits.map((h) => where(h).length));
  const textWidth = Math.min(40, Math.max(...hits.map((h) => h.text.length)));
  for (const hit of hits) console.log(`${where(hit).padEnd(width)}  ${hit.text.padEnd(textWidth)}  ${hit.slug}`);
  console.log(`\n${hits.length} concept span(s) in ${file}`);
  return 0;
}

function list(): number {
  const kb = loadKnowledgeBase();
  for (const group of kb.topics()) {
    console.log(group.topic);
    for (const note of group.notes) console.log(`  ${note.slug.padEnd(52)} ${note.title}`);
  }
  return 0;
}

/** Validates the notes in a folder together with the built-in notes (links may point at either). */
function check(folder: string): number {
  if (!existsSync(folder)) {
    console.error(`${folder}: no such folder`);
    return 1;
  }
  const kb = loadKnowledgeBase([resolve(folder)]);
  const snippets = SnippetCatalog.fromFiles({
    pytorch: readFileSync(join(root, 'snippets', SNIPPET_FILES.pytorch), 'utf8'),
    tfjs: readFileSync(join(root, 'snippets', SNIPPET_FILES.tfjs), 'utf8'),
  });
  const demoIds = new Set(readDemos(join(root, 'media', 'demos')).map((d) => d.id));
  const inFolder = (file: string) => resolve(file).startsWith(resolve(folder));
  const problems = [...kb.problems, ...kb.validate({ snippetIds: new Set(snippets.ids()), demoIds })].filter((p) =>
    inFolder(p.file),
  );
  for (const problem of problems) console.log(formatProblem(problem));
  const errors = problems.filter((p) => p.severity === 'error').length;
  const checked = kb.notes.filter((n) => inFolder(n.source.file)).length;
  console.log(`${checked} note(s) checked in ${folder}: ${errors} error(s), ${problems.length - errors} warning(s).`);
  return errors > 0 ? 1 : 0;
}

function demos(): number {
  for (const demo of readDemos(join(root, 'media', 'demos'))) console.log(`${demo.id.padEnd(34)} ${demo.title}`);
  return 0;
}

async function run(target: string, args: string[]): Promise<number> {
  const backend = (option(args, '--backend') ?? 'auto') as BackendChoice;
  if (!['auto', 'tensorflow', 'wasm', 'cpu'].includes(backend)) throw new UsageError(`unknown backend "${backend}"`);
  const stepsText = option(args, '--steps');
  const csv = option(args, '--csv');
  const svg = option(args, '--svg');
  const timeout = Number(option(args, '--timeout') ?? 300);
  const maxMemory = Number(option(args, '--max-memory') ?? 2048);
  const demo = readDemos(join(root, 'media', 'demos')).find((d) => d.id === target);
  const file = demo?.file ?? resolve(target);
  if (!demo && !existsSync(file))
    throw new UsageError(`"${target}" is neither a demo (see \`dl-notes demos\`) nor a file`);
  const steps = stepsText !== undefined ? Number(stepsText) : demo?.steps;
  if (steps !== undefined && !(steps > 0)) throw new UsageError('--steps needs a positive number');

  const history = new LossHistory();
  const tty = process.stderr.isTTY;
  let lastProgress = 0;
  const progress = () => {
    const parts = history.series.map(
      (s) => `${s.name} ${s.losses[s.losses.length - 1]?.toPrecision(4)} @${s.steps[s.steps.length - 1]}`,
    );
    const line = `  ${parts.join('  ')}`;
    if (tty)
      process.stderr.write(
        `\r${line.slice(0, process.stderr.columns - 1).padEnd(Math.min(line.length, process.stderr.columns - 1))}`,
      );
    else if (Date.now() - lastProgress > 2000) process.stderr.write(`${line}\n`);
    lastProgress = Date.now();
  };
  const sandbox = new SandboxRun(
    join(__dirname, 'sandbox-worker.js'),
    {
      type: 'run',
      code: readFileSync(file, 'utf8'),
      filename: basename(file),
      language: /\.tsx?$/.test(file) ? 'typescript' : 'javascript',
      backend,
      steps,
      searchPaths: [process.cwd()],
    },
    { timeoutMs: timeout * 1000, maxMemoryMB: maxMemory },
    {
      onBackend: (info) => {
        process.stderr.write(`${demo ? demo.title : basename(file)}\n`);
        for (const line of headerLines(info)) process.stderr.write(`  ${line}\n`);
      },
      onPoints: (points) => {
        history.add(points);
        if (Date.now() - lastProgress > 100) progress();
      },
      onLog: (_level, text) => {
        if (tty) process.stderr.write('\r\u001b[K');
        process.stderr.write(`${text}\n`);
      },
    },
  );
  const stop = () => sandbox.stop();
  process.once('SIGINT', stop);
  const result = await sandbox.done;
  process.off('SIGINT', stop);
  if (tty) process.stderr.write('\r\u001b[K');
  if (csv) writeFileSync(csv, history.toCsv());
  if (svg) writeFileSync(svg, history.toSvg({ title: demo?.title ?? basename(file) }));
  console.log(result.summary);
  if (result.error?.stack) console.log(result.error.stack);
  if (result.backend) console.log(`backend: ${result.backend}`);
  for (const [series, loss] of Object.entries(result.finalLoss)) console.log(`final loss ${series}: ${loss}`);
  if (csv) console.log(`wrote ${csv}`);
  if (svg) console.log(`wrote ${svg}`);
  return result.status === 'completed' ? 0 : 1;
}

export async function main(argv: string[]): Promise<number> {
  const args = [...argv];
  const command = args.shift();
  try {
    switch (command) {
      case 'explain':
        if (!args.length) throw new UsageError('explain needs a term');
        return explain(args.join(' '));
      case 'scan': {
        const json = flag(args, '--json');
        if (args.length !== 1) throw new UsageError('scan needs one file');
        return scan(args[0]!, json);
      }
      case 'list':
        return list();
      case 'check':
        if (args.length !== 1) throw new UsageError('check needs one folder');
        return check(args[0]!);
      case 'demos':
        return demos();
      case 'run': {
        const target = args.shift();
        if (!target) throw new UsageError('run needs a demo id or a file');
        return await run(target, args);
      }
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        console.log(USAGE);
        return command === undefined ? 1 : 0;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`dl-notes: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error) => {
      console.error(`dl-notes: ${(error as Error).message}`);
      process.exitCode = 1;
    },
  );
}
