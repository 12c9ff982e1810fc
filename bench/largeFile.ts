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

export { hoverPositions, percentile } from './hoverPositions';
