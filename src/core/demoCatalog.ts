// Demos are TensorFlow.js programs in media/demos/<id>.js that the sandbox runs.
// Their header comments describe them:
//   // @title Weight initialization: N(0,1) vs Xavier vs He
//   // @note weight-initialization-in-deep-neural-networks
//   // @steps 300
//   // @expect He < N(0,1)        (the lesson: He ends with a lower loss than N(0,1))
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export interface Demo {
  id: string;
  title: string;
  note: string;
  /** Training steps when the user does not ask for a number. */
  steps: number;
  /** The comparisons the demo teaches: `lower` ends with a lower loss than `higher`. */
  expectations: { lower: string; higher: string }[];
  file: string;
}

export function parseDemoHeader(id: string, file: string, code: string): Demo {
  const field = (name: string) => new RegExp(`^//\\s*@${name}\\s+(.+)$`, 'm').exec(code)?.[1]?.trim();
  const title = field('title');
  const note = field('note');
  if (!title || !note) throw new Error(`${file}: a demo needs "// @title …" and "// @note <slug>" header lines`);
  const expectations = [...code.matchAll(/^\/\/\s*@expect\s+(.+?)\s+<\s+(.+?)\s*$/gm)].map((m) => ({
    lower: m[1]!,
    higher: m[2]!,
  }));
  return { id, title, note, steps: Number(field('steps') ?? 200), expectations, file };
}

/** Every demo in a folder; a demo with a broken header is left out and its problem added to `problems`. */
export function readDemos(folder: string, problems: string[] = []): Demo[] {
  const demos: Demo[] = [];
  for (const name of readdirSync(folder)
    .filter((n) => n.endsWith('.js'))
    .sort()) {
    const file = join(folder, name);
    try {
      demos.push(parseDemoHeader(name.slice(0, -3), file, readFileSync(file, 'utf8')));
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  return demos;
}
