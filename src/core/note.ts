// The data model of a concept note. Notes are Markdown files with YAML front matter
// (see README "Write your own notes"); this module never touches the disk or the editor.

export interface PaperReference {
  authors: string;
  year: number;
  title: string;
  url?: string;
}

/** An official API documentation page for a fully qualified name, e.g. torch.nn.LayerNorm. */
export interface ApiDoc {
  name: string;
  url: string;
}

export interface Note {
  slug: string;
  title: string;
  topic: string;
  problem: string;
  solution: string;
  /** The key formula in plain Unicode, short enough for a hover. */
  formula: string;
  /** Slugs this note links to: the front matter's `links` plus links in the body. */
  links: string[];
  aliases: string[];
  /**
   * Words that name this concept only in the right company (temperature, momentum, log_prob): they are
   * explained only where the document already shows strong evidence for this note.
   */
  context: string[];
  /**
   * Keyword-argument names that mean this concept only inside a call of its own (`momentum=` in
   * `optim.SGD(…)`, `rate:` in `tf.layers.dropout({…})`).
   */
  arguments: string[];
  api: ApiDoc[];
  snippets: string[];
  demo?: string;
  references: PaperReference[];
  /** Markdown body after the front matter. */
  body: string;
  /** Where the note came from: its file, its raw front matter and the line the body starts on (1-based). */
  source: { file: string; frontMatter: string; bodyLine: number; builtIn: boolean };
}

/** A problem found while reading or validating notes, with the place to fix it. */
export interface NoteProblem {
  file: string;
  /** 1-based; 0 when the problem concerns the file as a whole. */
  line: number;
  message: string;
  severity: 'error' | 'warning';
}

export function formatProblem(problem: NoteProblem): string {
  const where = problem.line > 0 ? `${problem.file}:${problem.line}` : problem.file;
  return `${where}: ${problem.severity}: ${problem.message}`;
}
