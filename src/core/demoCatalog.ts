// Demos are TensorFlow.js programs in media/demos/<id>.js that the sandbox runs.
// Their header comments describe them:
//   // @title Weight initialization: N(0,1) vs Xavier vs He
//   // @note weight-initialization-in-deep-neural-networks
//   // @steps 300
//   // @expect He < N(0,1)        (the lesson: He ends with a lower loss than N(0,1))
// The build reads every header into dist/builtins.json (core/builtIns.ts); a demo's code is
// read only when it runs.

export interface Demo {
  id: string;
  title: string;
  note: string;
  /** Training steps when the user does not ask for a number. */
  steps: number;
  /** The comparisons the demo teaches: `lower` ends with a lower loss than `higher`. */
  expectations: { lower: string; higher: string }[];
  /** The program, relative to the extension's root (media/demos/<id>.js). */
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
