// Hover positions and percentiles for the benchmarks, without Node: the VS Code benchmark also runs in a
// browser's web worker (bench/vscode/web.ts).
/** Positions on identifier characters, spread through the file, for hover requests. */
export function hoverPositions(text: string, count: number): { line: number; character: number }[] {
  const lines = text.split('\n');
  const positions: { line: number; character: number }[] = [];
  let seed = 12345;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  while (positions.length < count) {
    const line = Math.floor(random() * lines.length);
    const candidates = [...lines[line]!.matchAll(/[A-Za-z_]\w*/g)];
    if (candidates.length === 0) continue;
    const match = candidates[Math.floor(random() * candidates.length)];
    positions.push({ line, character: (match!.index ?? 0) + Math.floor(match![0].length / 2) });
  }
  return positions;
}

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}
