// Reads the source map esbuild writes for a TypeScript program, to put an error's line and column
// back on the TypeScript source (Node's module.SourceMap does this in the sandbox process; the
// browser has no such class). Only what is needed: "mappings" decoded, then a lookup.
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

interface Segment {
  column: number;
  line: number;
  originalColumn: number;
}

/** Base-64 VLQ numbers of one segment ("AAAA,SAAS;…"). */
function decodeSegment(text: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of text) {
    const digit = BASE64.indexOf(char);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
      continue;
    }
    values.push(value & 1 ? -(value >>> 1) : value >>> 1);
    value = 0;
    shift = 0;
  }
  return values;
}

export class SourceMapLookup {
  /** Per generated line (0-based), its segments in column order. */
  private readonly lines: Segment[][];

  constructor(json: string) {
    const { mappings } = JSON.parse(json) as { mappings: string };
    let line = 0;
    let column = 0;
    this.lines = mappings.split(';').map((text) => {
      const segments: Segment[] = [];
      let generated = 0;
      for (const part of text.split(',')) {
        if (!part) continue;
        const [gen = 0, , lineDelta, columnDelta] = decodeSegment(part);
        generated += gen;
        if (lineDelta === undefined || columnDelta === undefined) continue;
        line += lineDelta;
        column += columnDelta;
        segments.push({ column: generated, line, originalColumn: column });
      }
      return segments;
    });
  }

  /** The original 1-based line and column of a generated 1-based position, if the map knows it. */
  original(line: number, column: number): { line: number; column: number } | undefined {
    const segments = this.lines[line - 1];
    if (!segments?.length) return undefined;
    let found = segments[0]!;
    for (const segment of segments) {
      if (segment.column > column - 1) break;
      found = segment;
    }
    return { line: found.line + 1, column: found.originalColumn + 1 };
  }
}
