// A large, realistic file for hover and scan benchmarks: the PyTorch fixtures
// (a GPT model, a VAE, a GCN) repeated to at least 10,000 lines.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export function largeModelFile(projectRoot: string, minLines = 10_000): string {
  const parts = ['gpt_model.py', 'vae_example.py', 'gcn_layer.py'].map((f) =>
    readFileSync(join(projectRoot, 'test/fixtures', f), 'utf8'),
  );
  const lines: string[] = [];
  for (let copy = 0; lines.length < minLines; copy++) {
    for (const part of parts) lines.push(`# --- copy ${copy} ---`, ...part.split('\n'));
  }
  return lines.join('\n');
}

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
