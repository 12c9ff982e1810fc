// A program as an ES module the Worker can import(): the program's own text, with each import of
// TensorFlow.js pointed at a module that hands over the loaded tf (as the Node sandbox links a
// SyntheticModule), and any other import at a module that says it is not available. Only the
// specifiers change, so lines stay where they were; errors are put back on the program's lines.
import { lexScript } from '../../core/analysis/scriptLexer';
import { NAME, OP, STRING } from '../../core/analysis/tokens';
import { TFJS_MODULES } from '../programApi';
import { type SourceMapLookup } from './sourceMap';

/** Where the tf module finds the loaded tf. */
export const TF_GLOBAL = '__deepLearningNotesTf';

export function moduleUrl(text: string): string {
  return URL.createObjectURL(new Blob([text], { type: 'text/javascript' }));
}

/** The module every TensorFlow.js import resolves to: tf as the default export and each of its names. */
export function tfModuleSource(tf: object): string {
  const names = Object.keys(tf).filter((name) => name !== 'default');
  const locals = names.map((name, i) => `const v${i} = tf[${JSON.stringify(name)}];`);
  const exports = names.map((name, i) => `v${i} as ${JSON.stringify(name)}`);
  return `const tf = globalThis.${TF_GLOBAL};\nexport default tf;\n${locals.join('\n')}\nexport { ${exports.join(', ')} };\n`;
}

/** A module that fails as the Node sandbox's linker does for a module it does not provide. */
export function unavailableModuleSource(specifier: string): string {
  const message = `The sandbox provides only @tensorflow/tfjs; cannot import "${specifier}".`;
  return `throw new Error(${JSON.stringify(message)});\n`;
}

/**
 * The program with each module specifier (static, re-exported or dynamic import) replaced by `resolve`'s
 * address; `dynamic` says whether it is an import() call, which resolves when it runs.
 */
export function linkImports(code: string, resolve: (specifier: string, dynamic: boolean) => string): string {
  const { tokens } = lexScript(code);
  const text = (i: number) => (i >= 0 ? code.slice(tokens.start[i], tokens.end[i]) : '');
  const isName = (i: number, name: string) => i >= 0 && tokens.kind[i] === NAME && text(i) === name;
  let linked = '';
  let copied = 0;
  for (let i = 0; i < tokens.count; i++) {
    if (tokens.kind[i] !== STRING) continue;
    const dynamic = tokens.kind[i - 1] === OP && text(i - 1) === '(' && isName(i - 2, 'import') && text(i - 3) !== '.';
    const specifierOf = dynamic || isName(i - 1, 'from') || (isName(i - 1, 'import') && text(i - 2) !== '.');
    if (!specifierOf) continue;
    const specifier = code.slice(tokens.valueStart[i], tokens.valueEnd[i]);
    linked += code.slice(copied, tokens.start[i]) + JSON.stringify(resolve(specifier, dynamic));
    copied = tokens.end[i]!;
  }
  return linked + code.slice(copied);
}

/**
 * Resolves specifiers: TensorFlow.js to the tf module. Any other static import fails at once, as the Node
 * sandbox's linker fails it; a dynamic one gets a module that throws the same error when it is imported.
 */
export function specifierResolver(tfUrl: string): (specifier: string, dynamic: boolean) => string {
  const unavailable = new Map<string, string>();
  return (specifier, dynamic) => {
    if (TFJS_MODULES.has(specifier)) return tfUrl;
    if (!dynamic) throw new Error(`The sandbox provides only @tensorflow/tfjs; cannot import "${specifier}".`);
    let url = unavailable.get(specifier);
    if (!url) unavailable.set(specifier, (url = moduleUrl(unavailableModuleSource(specifier))));
    return url;
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The program's own line and column in an error's stack, on the TypeScript source when there is one. */
export function locate(error: unknown, url: string, map?: SourceMapLookup): { line?: number; column?: number } {
  const stack = String((error as Error)?.stack ?? '');
  const match = new RegExp(`${escapeRegExp(url)}:(\\d+)(?::(\\d+))?`).exec(stack);
  if (!match) return {};
  const line = Number(match[1]);
  const column = match[2] ? Number(match[2]) : 1;
  return map?.original(line, column) ?? { line, column };
}

/** The program's frames of a stack trace (not the sandbox's), named as the Node sandbox names them. */
export function userStack(error: unknown, url: string, filename: string): string | undefined {
  const stack = (error as Error)?.stack;
  if (!stack) return undefined;
  const name = `sandbox:///${filename.replace(/^\/+/, '')}`;
  return stack
    .split('\n')
    .filter((line, i) => i === 0 || line.includes(url))
    .map((line) => line.split(url).join(name))
    .join('\n');
}
