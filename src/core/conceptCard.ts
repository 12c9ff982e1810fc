// What the hover, the explain command and `dl-notes explain` say about a concept:
// one structure, two renderings (editor Markdown with command links, terminal text).
import { type ApiDoc, type Note } from './note';
import { type CodeFamily, type LibraryHint, apiDocFor } from './apiDocs';
import { type KnowledgeBase } from './knowledgeBase';

export interface ConceptCard {
  note: Note;
  related: Note[];
  apiDoc?: ApiDoc;
  hasSnippets: boolean;
  demo?: string;
}

export const MAX_RELATED = 4;

export function buildCard(
  kb: KnowledgeBase,
  slug: string,
  context: { written?: string; family?: CodeFamily; library?: LibraryHint; apiDoc?: ApiDoc } = {},
): ConceptCard | undefined {
  const note = kb.note(slug);
  if (!note) return undefined;
  const related = kb.graph
    .links(slug)
    .slice(0, MAX_RELATED)
    .map((s) => kb.note(s)!);
  const apiDoc =
    context.apiDoc ?? (context.written ? apiDocFor(context.written, note, context.family, context.library) : undefined);
  return { note, related, apiDoc, hasSnippets: note.snippets.length > 0, demo: note.demo };
}

/** Builds a `command:` URI with JSON arguments, as VS Code expects in trusted Markdown. */
export function commandUri(command: string, ...args: unknown[]): string {
  return `command:${command}${args.length ? `?${encodeURIComponent(JSON.stringify(args))}` : ''}`;
}

/** Commands a hover may run; the Markdown is trusted for these only. */
export const HOVER_COMMANDS = [
  'deepLearningNotes.openNote',
  'deepLearningNotes.insertSnippet',
  'deepLearningNotes.runDemo',
];

/** Escapes the characters Markdown would interpret (the text stays readable). */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+!|<>]/g, (c) => `\\${c}`);
}

/** Hover Markdown: title, problem → solution, formula, related notes and actions. Short by design. */
export function cardAsHoverMarkdown(card: ConceptCard, options: { canRunDemo: boolean; why?: string }): string {
  const { note } = card;
  const open = (slug: string) => commandUri('deepLearningNotes.openNote', slug);
  const lines = [
    `**[${escapeMarkdown(note.title)}](${open(note.slug)} "Open the note")** · *${escapeMarkdown(note.topic)}*`,
    '',
  ];
  // The why is ours: names in code spans, the rest plain words (see analysis/reasonText.ts).
  if (options.why) lines.push(`$(info) ${options.why}`, '');
  lines.push(
    `${escapeMarkdown(note.problem)} → **${escapeMarkdown(note.solution)}**`,
    '',
    '```text',
    note.formula,
    '```',
  );
  if (card.related.length) {
    lines.push('', `Related: ${card.related.map((r) => `[${escapeMarkdown(r.title)}](${open(r.slug)})`).join(' · ')}`);
  }
  const actions = [`[$(book) Open note](${open(note.slug)})`];
  if (card.hasSnippets)
    actions.push(`[$(code) Insert snippet](${commandUri('deepLearningNotes.insertSnippet', note.slug)})`);
  if (card.demo && options.canRunDemo)
    actions.push(`[$(play) Run demo](${commandUri('deepLearningNotes.runDemo', card.demo)})`);
  if (card.apiDoc) actions.push(`[$(link-external) ${escapeMarkdown(card.apiDoc.name)}](${card.apiDoc.url})`);
  lines.push('', actions.join(' · '));
  return lines.join('\n');
}

/** Plain text for a terminal: the same facts as the hover, plus the references. */
export function cardAsText(card: ConceptCard): string {
  const { note } = card;
  const lines = [
    `${note.title}  (${note.topic})`,
    '',
    `Problem:  ${note.problem}`,
    `Solution: ${note.solution}`,
    '',
    `  ${note.formula}`,
  ];
  if (card.related.length) lines.push('', `Related: ${card.related.map((r) => r.title).join(' · ')}`);
  if (card.apiDoc) lines.push(`Docs:    ${card.apiDoc.name} — ${card.apiDoc.url}`);
  if (note.snippets.length) lines.push(`Snippets: ${note.snippets.join(', ')}`);
  if (note.demo) lines.push(`Demo:    dl-notes run ${note.demo}`);
  if (note.references.length) {
    lines.push('', 'References:');
    for (const ref of note.references)
      lines.push(`  ${ref.authors} (${ref.year}). ${ref.title}.${ref.url ? ` ${ref.url}` : ''}`);
  }
  return lines.join('\n');
}
