// Finds the function being called around the cursor: in `nn.LayerNorm(512, eps=|`
// the callee is `nn.LayerNorm`. Used by "Explain Concept at Cursor".

/**
 * Given the text before the cursor, returns the offset of the last character of the
 * innermost enclosing call's callee, or undefined when the cursor is not in a call.
 */
export function calleeBefore(textBefore: string): number | undefined {
  let depth = 0;
  for (let i = textBefore.length - 1; i >= 0; i--) {
    const c = textBefore[i];
    if (c === ')' || c === ']' || c === '}') depth++;
    else if (c === '(' || c === '[' || c === '{') {
      if (depth > 0) {
        depth--;
        continue;
      }
      if (c !== '(') continue; // inside a list or dict argument: keep looking outwards
      let end = i - 1;
      while (end >= 0 && /[ \t]/.test(textBefore.charAt(end))) end--;
      if (end >= 0 && /[\w$]/.test(textBefore.charAt(end))) return end;
      // A parenthesised expression, not a call: keep looking outwards.
    }
  }
  return undefined;
}
