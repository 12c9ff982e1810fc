// Names bound to values, by name and by the scope (or class) that owns them, kept sorted by
// position so that "the binding in force at this offset" is a binary search: a file reassigns `x`
// a thousand times and uses it five thousand.

export interface Binding<M> {
  /** The definition the binding lives in (-1: module level), or the class of an attribute. */
  owner: number;
  at: number;
  /** The concept, or null: explicitly not one (the output of a layer, some other value). */
  meaning: M | null;
  /**
   * Whether calling the bound value makes a new object of the concept (a class, `partial(nn.LayerNorm)`)
   * rather than applying one (an instance of a layer, a function): only then is the result bound too.
   */
  constructs: boolean;
  /** Whether the value is known to be something we do not explain (`nn.Linear(…)`), not merely unread. */
  knownNothing?: boolean;
}

export class BindingTable<M extends { slug: string }> {
  private readonly byName = new Map<string, Map<number, Binding<M>[]>>();
  private readonly unsorted = new Set<Binding<M>[]>();
  private readonly agreement = new Map<string, Binding<M> | null>();

  add(name: string, binding: Binding<M>): void {
    let owners = this.byName.get(name);
    if (!owners) this.byName.set(name, (owners = new Map()));
    const list = owners.get(binding.owner);
    if (!list) owners.set(binding.owner, [binding]);
    else {
      if (list[list.length - 1]!.at > binding.at) this.unsorted.add(list);
      list.push(binding);
    }
    this.agreement.delete(name);
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** The binding of `name` owned by `owner` in force at `at`: the last one before it, else the first. */
  at(name: string, owner: number, at: number): Binding<M> | undefined {
    const list = this.byName.get(name)?.get(owner);
    if (!list) return undefined;
    if (this.unsorted.has(list)) {
      list.sort((a, b) => a.at - b.at);
      this.unsorted.delete(list);
    }
    let lo = 0;
    let hi = list.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (list[mid]!.at <= at) lo = mid;
      else hi = mid - 1;
    }
    return list[lo];
  }

  /** Any binding of `name`, when all of them agree on one concept (or on none). */
  agreed(name: string): Binding<M> | undefined {
    if (this.agreement.has(name)) return this.agreement.get(name) ?? undefined;
    let result: Binding<M> | null = null;
    let slug: string | null | undefined;
    for (const list of this.byName.get(name)?.values() ?? []) {
      for (const b of list) {
        const s = b.meaning?.slug ?? null;
        if (slug === undefined) slug = s;
        else if (slug !== s) {
          this.agreement.set(name, null);
          return undefined;
        }
        if (b.meaning || !result) result = b;
      }
    }
    this.agreement.set(name, result);
    return result ?? undefined;
  }
}
