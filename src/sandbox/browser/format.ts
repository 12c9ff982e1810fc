// console.log's arguments as one line, as Node's util.format writes them (the sandbox process uses
// it): printf-style %s %d %i %f %j %o %O %c %% in a first string, the rest joined by spaces.
function show(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Error) return value.stack ?? `${value.name}: ${value.message}`;
  if (typeof value !== 'object' || value === null) return String(value);
  // Tensors and other objects with their own text say it; plain objects and arrays as JSON.
  const text = String(value);
  if (text !== '[object Object]' && !Array.isArray(value)) return text;
  try {
    return JSON.stringify(value);
  } catch {
    return text;
  }
}

export function formatArgs(...args: unknown[]): string {
  const [first, ...rest] = args;
  if (typeof first !== 'string') return args.map(show).join(' ');
  let used = 0;
  const head = first.replace(/%[sdifjoOc%]/g, (spec) => {
    if (spec === '%%') return '%';
    if (used >= rest.length) return spec;
    const value = rest[used++];
    switch (spec) {
      case '%d':
      case '%i':
        return String(spec === '%i' ? Math.trunc(Number(value)) : Number(value));
      case '%f':
        return String(Number(value));
      case '%c':
        return '';
      default:
        return show(value);
    }
  });
  return [head, ...rest.slice(used).map(show)].join(' ');
}
