// Expands a VS Code / TextMate snippet body the way the editor does when the user
// accepts every placeholder's default: ${1:x} → x, ${1|a,b|} → a, $1 → (mirror of 1).
// Used to test that the inserted code runs.

export function expandSnippet(body: string | string[], variables: Record<string, string> = {}): string {
  const text = Array.isArray(body) ? body.join('\n') : body;
  const defaults = new Map<string, string>();
  collectDefaults(text, defaults, variables);
  return expand(text, defaults, variables);
}

function collectDefaults(text: string, defaults: Map<string, string>, variables: Record<string, string>): void {
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') {
      i++;
      continue;
    }
    if (text[i] !== '$' || text[i + 1] !== '{') continue;
    const end = matchingBrace(text, i + 1);
    const inner = text.slice(i + 2, end);
    const placeholder = /^(\d+):([\s\S]*)$/.exec(inner);
    if (placeholder && !defaults.has(placeholder[1]!)) {
      collectDefaults(placeholder[2]!, defaults, variables);
      defaults.set(placeholder[1]!, expand(placeholder[2]!, defaults, variables));
    }
    const choice = /^(\d+)\|([^|]*)\|$/.exec(inner);
    if (choice && !defaults.has(choice[1]!))
      defaults.set(choice[1]!, choice[2]!.split(',')[0]!.replace(/\\(.)/g, '$1'));
  }
}

function expand(text: string, defaults: Map<string, string>, variables: Record<string, string>): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && i + 1 < text.length && '$}\\,|'.includes(text[i + 1]!)) {
      out += text[++i];
      continue;
    }
    if (c !== '$') {
      out += c;
      continue;
    }
    const simple = /^\$(\d+|[A-Za-z_][A-Za-z0-9_]*)/.exec(text.slice(i));
    if (simple) {
      out += /^\d+$/.test(simple[1]!) ? (defaults.get(simple[1]!) ?? '') : (variables[simple[1]!] ?? '');
      i += simple[0].length - 1;
      continue;
    }
    if (text[i + 1] === '{') {
      const end = matchingBrace(text, i + 1);
      const inner = text.slice(i + 2, end);
      const tabstop = /^(\d+)(?:[:|]|$)/.exec(inner);
      if (tabstop) out += defaults.get(tabstop[1]!) ?? '';
      else {
        const variable = /^([A-Za-z_][A-Za-z0-9_]*)(?::([\s\S]*))?$/.exec(inner);
        if (variable) out += variables[variable[1]!] ?? expand(variable[2] ?? '', defaults, variables);
      }
      i = end;
      continue;
    }
    out += c;
  }
  return out;
}

function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '\\') {
      i++;
      continue;
    }
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  throw new Error(`unbalanced "{" in snippet at offset ${open}`);
}
