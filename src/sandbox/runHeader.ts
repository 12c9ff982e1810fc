// The run header: what the editor's output and the CLI print when a run starts. Which
// backend runs and where tfjs came from, whether the sandbox's fast kernels or stock tfjs
// run (and why), and which protections are in force, as the sandbox process measured
// them. One wording for the extension and the CLI.
import { BACKEND_LABEL, type BackendInfo, type Protection, TFJS_NODE_HINT } from './protocol';

/** "WebAssembly, tfjs 4.22.0, fast kernels" — short enough for the chart's header. */
export function backendLabel(info: BackendInfo): string {
  const kernels = info.backend === 'tensorflow' ? '' : info.kernels.applied ? ', fast kernels' : ', stock tfjs';
  return `${BACKEND_LABEL[info.backend]}, tfjs ${info.version}${kernels}`;
}

/** Why a faster backend did not run, with the way to get it; undefined when nothing fell back. */
export function fallbackNote(info: BackendInfo): string | undefined {
  if (!info.fallbacks.length) return undefined;
  const why = info.fallbacks.map((f) => `${f.backend}: ${f.error}`).join('; ');
  return info.backend === 'tensorflow' ? why : `${why}. ${TFJS_NODE_HINT}`;
}

export function kernelLine(info: BackendInfo): string {
  if (info.kernels.applied) return `kernels: the sandbox's fast kernels (${info.kernels.kernels.join(', ')})`;
  return `kernels: stock tfjs${info.kernels.reason ? ` (fast kernels: ${info.kernels.reason})` : ''}`;
}

function list(names: string[], conjunction: 'and' | 'or'): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} ${conjunction} ${names[names.length - 1]}`;
}

const PHRASE: Record<Protection['name'], string> = {
  environment: 'environment',
  'child processes': 'child processes',
  'worker threads': 'worker threads',
  'native addons': 'native addons',
  'file writes': 'file writes',
  'file reads': 'file reads',
  network: 'network',
  signals: 'signals to other processes',
  'code from strings': 'code from strings',
};

/** One line of what holds, grouped by what enforces it, and one of what does not (if anything). */
export function protectionLines(protections: Protection[]): string[] {
  const held = protections.filter((p) => p.by);
  const missing = protections.filter((p) => !p.by);
  const groups = new Map<string, { denied: string[]; other: string[] }>();
  for (const p of held) {
    const group = groups.get(p.by ?? '') ?? { denied: [], other: [] };
    groups.set(p.by ?? '', group);
    if (p.name === 'environment') group.other.push(`environment: ${p.detail} only`);
    else if (p.name === 'file reads') group.other.push(`file reads ${p.detail}`);
    else group.denied.push(PHRASE[p.name] + (p.detail && p.name !== 'network' ? ` (${p.detail})` : ''));
  }
  const parts = [...groups].map(([by, { denied, other }]) => {
    const phrases = [...(denied.length ? [`no ${list(denied, 'or')}`] : []), ...other];
    return `${phrases.join('; ')} [${by}]`;
  });
  const network = held.find((p) => p.name === 'network' && p.by === 'JavaScript');
  const lines = [`protections: ${parts.join('; ')}`];
  if (network?.detail) lines.push(`network: closed by the sandbox in JavaScript (${network.detail})`);
  if (missing.length)
    lines.push(
      `not in force on this runtime: ${list(
        missing.map((p) => PHRASE[p.name]),
        'and',
      )}`,
    );
  return lines;
}

/** The header's lines, in order. */
export function headerLines(info: BackendInfo): string[] {
  const backend = `backend: ${backendLabel(info)}${info.source ? ` (${info.source})` : ''}`;
  const note = fallbackNote(info);
  return [backend, ...(note ? [`fell back: ${note}`] : []), kernelLine(info), ...protectionLines(info.protections)];
}
