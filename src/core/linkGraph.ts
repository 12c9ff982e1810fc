// Links between notes and their reverse, the backlinks. Links to unknown slugs are
// left out here (validation reports them).
import { type Note } from './note';

export class LinkGraph {
  private readonly outgoing = new Map<string, string[]>();
  private readonly incoming = new Map<string, string[]>();

  constructor(notes: readonly Note[]) {
    const known = new Set(notes.map((n) => n.slug));
    for (const note of notes) {
      const targets = note.links.filter((slug) => known.has(slug) && slug !== note.slug);
      this.outgoing.set(note.slug, targets);
      for (const target of targets) {
        const sources = this.incoming.get(target) ?? [];
        sources.push(note.slug);
        this.incoming.set(target, sources);
      }
    }
  }

  links(slug: string): readonly string[] {
    return this.outgoing.get(slug) ?? [];
  }

  backlinks(slug: string): readonly string[] {
    return this.incoming.get(slug) ?? [];
  }
}
