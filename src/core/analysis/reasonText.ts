// The one line that says why a name means a concept: "`ln_f` is an `nn.LayerNorm` (line 85)".
// The hover, the CLI and the "This file" view all say it the same way.
import { type DocumentAnalysis, type Occurrence } from './documentAnalysis';

/** Where a document-wide offset is, for people: "line 85", or "cell 3, line 2" in a notebook. */
export type Place = (offset: number) => string;

export function placeIn(analysis: DocumentAnalysis, parts: readonly { text: string }[], cells: boolean): Place {
  return (offset) => {
    const { part, offset: inPart } = analysis.locate(offset);
    const text = parts[part]?.text ?? '';
    let line = 1;
    for (let i = text.indexOf('\n'); i >= 0 && i < inPart; i = text.indexOf('\n', i + 1)) line++;
    return cells ? `cell ${part + 1}, line ${line}` : `line ${line}`;
  };
}

export function reasonText(
  occurrence: Occurrence,
  place: Place,
  titleOf: (slug: string) => string,
): string | undefined {
  const { reason } = occurrence;
  switch (reason.kind) {
    case 'binding':
      if (reason.passed && reason.source)
        return `\`${reason.name}\` is passed ${article(reason.source)} \`${reason.source}\` (${place(reason.at)})`;
      return reason.source
        ? `\`${reason.name}\` is ${article(reason.source)} \`${reason.source}\` (${place(reason.at)})`
        : `\`${reason.name}\` is bound on ${place(reason.at)}`;
    case 'acronym':
      return `${reason.acronym} stands for ${reason.phrase} (${place(reason.at)})`;
    case 'definition':
      return `\`${reason.name}\` is defined on ${place(reason.at)}`;
    case 'factory':
      return `\`${reason.name}\` returns ${article(reason.source)} \`${reason.source}\` (${place(reason.at)})`;
    case 'context': {
      const title = titleOf(occurrence.slug);
      if (reason.scope === 'call') return `\`${occurrence.text}\` is an argument of ${title} here`;
      const where = reason.scope === 'definition' ? 'the code around it' : 'this file';
      return `Read as ${title}: ${where} uses it ${reason.evidence} other time${reason.evidence === 1 ? '' : 's'}`;
    }
    default:
      return undefined;
  }
}

/** "an `nn.LayerNorm`" (read "en-en"), "a `torch.optim.AdamW`", "an `optim.Adam`". */
function article(name: string): string {
  const first = name.split('.')[0]!.replace(/^[^A-Za-z]+/, '');
  const spelledOut = first.length <= 2;
  return (spelledOut ? /^[aefhilmnorsx]/i : /^[aeiou]/i).test(first) ? 'an' : 'a';
}
