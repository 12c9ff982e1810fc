// Every concept a file's hover would explain, as `dl-notes scan` prints it: 1-based lines and
// columns (end is the column after the last character), the cell for notebooks, and why.
import { fileParts } from './analysis/documentParts';
import { placeIn, reasonText } from './analysis/reasonText';
import { type KnowledgeBase } from './knowledgeBase';

export interface ScanHit {
  line: number;
  start: number;
  end: number;
  text: string;
  slug: string;
  /** 1-based cell of a notebook. */
  cell?: number;
  /** Why the name means the concept, when it is not its spelling: "`ln_f` is an `nn.LayerNorm` (line 85)". */
  why?: string;
}

export function scanText(kb: KnowledgeBase, fileName: string, text: string): ScanHit[] {
  const { parts, cells } = fileParts(fileName, text);
  const analysis = kb.analyze(parts);
  const place = placeIn(analysis, parts, cells);
  const titleOf = (slug: string) => kb.note(slug)?.title ?? slug;
  const hits: ScanHit[] = [];
  let part = -1;
  let lineStarts: number[] = [];
  for (const o of analysis.occurrences) {
    if (o.part !== part) {
      part = o.part;
      lineStarts = startsOfLines(parts[part]!.text);
    }
    const line = lineIndex(lineStarts, o.start);
    const column = o.start - lineStarts[line]!;
    const why = reasonText(o, place, titleOf);
    hits.push({
      line: line + 1,
      start: column + 1,
      end: column + 1 + (o.end - o.start),
      text: o.text,
      slug: o.slug,
      ...(cells ? { cell: o.part + 1 } : {}),
      ...(why ? { why } : {}),
    });
  }
  return hits;
}

export function startsOfLines(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** The 0-based line of an offset, given the line starts. */
export function lineIndex(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
