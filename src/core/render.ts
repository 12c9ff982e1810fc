// The one Markdown renderer for notes (note view and `dl-notes explain --html`):
// markdown-it with VS Code's KaTeX plugin. Raw HTML in notes is escaped, never run.
// Heavy (KaTeX): load this module lazily.
import MarkdownIt from 'markdown-it';
import katexPlugin from '@vscode/markdown-it-katex';
import type { KnowledgeBase } from './knowledgeBase';
import { escapeHtml } from './html';
import { withUnicodeMathVariants } from './mathVariants';
import type { Note } from './note';

const NOTE_LINK = /^(?:\.\/)?([a-z0-9]+(?:-[a-z0-9]+)*)\.md(?:#.*)?$/;

function createMarkdown(): MarkdownIt {
  const md = new MarkdownIt({ html: false, linkify: true, typographer: true });
  // MathML output needs no stylesheet, fonts or inline styles, so the webview CSP stays strict.
  md.use(katexPlugin, { throwOnError: false, output: 'mathml' } as Parameters<typeof katexPlugin>[1]);
  const defaultLinkOpen =
    md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
  md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
    const token = tokens[idx]!;
    const href = token.attrGet('href') ?? '';
    const note = NOTE_LINK.exec(href);
    if (note) {
      token.attrSet('href', `#note:${note[1]}`);
      token.attrSet('data-note', note[1]!);
    } else if (/^https?:\/\//.test(href)) {
      token.attrSet('data-external', href);
      token.attrSet('title', href);
    }
    return defaultLinkOpen(tokens, idx, options, env, self);
  };
  return md;
}

export class NoteRenderer {
  private readonly md = createMarkdown();
  private readonly cache = new Map<string, string>();

  renderMarkdown(markdown: string): string {
    return withUnicodeMathVariants(this.md.render(markdown));
  }

  /** The note as an HTML article: header, body, references and backlinks. Cached per note text. */
  renderNote(note: Note, kb: KnowledgeBase): string {
    const backlinks = kb.graph
      .backlinks(note.slug)
      .map((slug) => kb.note(slug)!)
      .filter(Boolean);
    const key = `${note.slug}\u0000${note.source.frontMatter}\u0000${note.body}\u0000${backlinks.map((b) => b.slug).join(',')}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const noteLink = (n: Note) => `<a href="#note:${n.slug}" data-note="${n.slug}">${escapeHtml(n.title)}</a>`;
    const references = note.references.map((ref) => {
      const title = ref.url
        ? `<a href="${escapeHtml(ref.url)}" data-external="${escapeHtml(ref.url)}">${escapeHtml(ref.title)}</a>`
        : escapeHtml(ref.title);
      return `<li>${escapeHtml(ref.authors)} (${ref.year}). ${title}.</li>`;
    });
    const html = [
      `<header class="note-header">`,
      `<p class="topic">${escapeHtml(note.topic)}</p>`,
      `<h1>${escapeHtml(note.title)}</h1>`,
      `<div class="problem-solution"><p><span class="label">Problem</span> ${escapeHtml(note.problem)}</p>`,
      `<p><span class="label">Solution</span> ${escapeHtml(note.solution)}</p></div>`,
      `<pre class="formula"><code>${escapeHtml(note.formula)}</code></pre>`,
      `</header>`,
      `<article class="note-body">${this.renderMarkdown(note.body)}</article>`,
      references.length
        ? `<section class="references"><h2>References</h2><ol>${references.join('')}</ol></section>`
        : '',
      backlinks.length
        ? `<section class="backlinks"><h2>Linked from</h2><p>${backlinks.map(noteLink).join(' · ')}</p></section>`
        : '',
    ].join('\n');
    this.cache.set(key, html);
    return html;
  }
}
