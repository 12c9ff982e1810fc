// dl-notes: the extension's knowledge and sandbox from a terminal, on the same
// core, so what the CLI says is what the hover shows.
import { existsSync, readFileSync } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, extname, join, resolve, sep } from 'node:path';
import { BUILT_INS_FILE, type BuiltIns, loadBuiltIns } from './core/builtIns';
import { buildCard, cardAsText } from './core/conceptCard';
import { KnowledgeBase } from './core/knowledgeBase';
import { codeLanguageOfFile } from './core/languages';
import { formatProblem } from './core/note';
import { type NoteFiles, readNoteSources } from './core/notesLoader';
import { type ScanHit, scanText } from './core/scan';
import { LossHistory } from './core/lossHistory';
import { InputError, checkFolder, parseNotebook, readTextFile, writeTextFile } from './cliInput';
import { type BackendChoice } from './sandbox/protocol';
import { headerLines } from './sandbox/runHeader';
import { SandboxRun } from './sandbox/runner';

const root = resolve(__dirname, '..');

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

let builtInsRead: BuiltIns | undefined;
/** The extension's own notes, snippets, demo headers and API lists: the same dist/builtins.json the extension reads. */
function builtIns(): BuiltIns {
  if (!builtInsRead) {
    const file = join(root, BUILT_INS_FILE);
    if (!existsSync(file)) throw new InputError(`${file}: no such file; build the extension first (npm run build)`);
    builtInsRead = loadBuiltIns(readFileSync(file, 'utf8'), root);
  }
  return builtInsRead;
}

/** Folders of your notes, read with Node's fs (the extension reads them through VS Code's). */
const nodeNoteFiles: NoteFiles = {
  list: async (folder) =>
    (await readdir(folder, { withFileTypes: true })).filter((e) => e.isFile() || e.isSymbolicLink()).map((e) => e.name),
  join: (folder, name) => join(folder, name),
  size: async (file) => (await stat(file)).size,
  read: (file) => readFile(file, 'utf8'),
};

async function loadKnowledgeBase(userFolders: string[] = []): Promise<KnowledgeBase> {
  const { sources, problems } = await readNoteSources(userFolders, nodeNoteFiles);
  return KnowledgeBase.withUserNotes(builtIns(), sources, problems);
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

async function explain(term: string): Promise<number> {
  const kb = await loadKnowledgeBase();
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
async function scanFile(file: string): Promise<ScanHit[]> {
  const text = readTextFile(file, 'scan');
  // A notebook that is not one is said in words here, before the analysis reads its cells.
  if (extname(file).toLowerCase() === '.ipynb') parseNotebook(file, text);
  return scanText(await loadKnowledgeBase(), file, text);
}

async function scan(file: string, json: boolean): Promise<number> {
  const hits = await scanFile(file);
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

async function list(): Promise<number> {
  const kb = await loadKnowledgeBase();
  for (const group of kb.topics()) {
    console.log(group.topic);
    for (const note of group.notes) console.log(`  ${note.slug.padEnd(52)} ${note.title}`);
  }
  return 0;
}

/** Validates the notes in a folder together with the built-in notes (links may point at either). */
async function check(folder: string): Promise<number> {
  checkFolder(folder, 'check');
  const { sources, problems: readProblems } = await readNoteSources([resolve(folder)], nodeNoteFiles);
  const kb = KnowledgeBase.withUserNotes(builtIns(), sources, readProblems);
  const { snippets, demos } = builtIns();
  const demoIds = new Set(demos.map((d) => d.id));
  const inFolder = (file: string) => resolve(file).startsWith(resolve(folder) + sep);
  const problems = [...kb.problems, ...kb.validate({ snippetIds: new Set(snippets.ids()), demoIds })].filter((p) =>
    inFolder(p.file),
  );
  for (const problem of problems) console.log(formatProblem(problem));
  const errors = problems.filter((p) => p.severity === 'error').length;
  // Every note file read counts, the ones too broken to become a note included.
  const checked = sources.length;
  console.log(`${checked} note(s) checked in ${folder}: ${errors} error(s), ${problems.length - errors} warning(s).`);
  return errors > 0 ? 1 : 0;
}

function demos(): number {
  for (const demo of builtIns().demos) console.log(`${demo.id.padEnd(34)} ${demo.title}`);
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
  const demo = builtIns().demos.find((d) => d.id === target);
  const file = demo ? join(root, demo.file) : resolve(target);
  if (!demo && !existsSync(file))
    throw new UsageError(`"${target}" is neither a demo (see \`dl-notes demos\`) nor a file`);
  const code = readTextFile(demo ? file : target, 'run');
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
      code,
      filename: basename(file),
      language: codeLanguageOfFile(file) === 'typescript' ? 'typescript' : 'javascript',
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
  if (csv) writeTextFile(csv, history.toCsv());
  if (svg) writeTextFile(svg, history.toSvg({ title: demo?.title ?? basename(file) }));
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
        return await explain(args.join(' '));
      case 'scan': {
        const json = flag(args, '--json');
        if (args.length !== 1) throw new UsageError('scan needs one file');
        return await scan(args[0]!, json);
      }
      case 'list':
        return await list();
      case 'check':
        if (args.length !== 1) throw new UsageError('check needs one folder');
        return await check(args[0]!);
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
    if (error instanceof InputError) {
      console.error(`dl-notes: ${error.message}`);
      return 1;
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
