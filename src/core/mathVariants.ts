// KaTeX writes \mathbb{R}, \mathcal{L}, \mathbf{W} as <mi mathvariant="…">R</mi>, but browsers
// that follow MathML Core (Chromium, hence VS Code's webviews) ignore every mathvariant except
// "normal": ℝ, ℒ and 𝐖 would show as a plain R, L and W. Unicode has these letters as
// characters of their own (Mathematical Alphanumeric Symbols), so the renderer writes those.

/** First code point of A, a, 0, Α and α in each style's block; holes are filled by older characters. */
const STYLES: Record<
  string,
  {
    upper: number;
    lower?: number;
    digit?: number;
    greekUpper?: number;
    greekLower?: number;
    holes?: Record<string, string>;
  }
> = {
  bold: { upper: 0x1d400, lower: 0x1d41a, digit: 0x1d7ce, greekUpper: 0x1d6a8, greekLower: 0x1d6c2 },
  'bold-italic': { upper: 0x1d468, lower: 0x1d482, greekUpper: 0x1d71c, greekLower: 0x1d736 },
  'double-struck': {
    upper: 0x1d538,
    lower: 0x1d552,
    digit: 0x1d7d8,
    holes: { C: 'ℂ', H: 'ℍ', N: 'ℕ', P: 'ℙ', Q: 'ℚ', R: 'ℝ', Z: 'ℤ' },
  },
  script: {
    upper: 0x1d49c,
    lower: 0x1d4b6,
    holes: { B: 'ℬ', E: 'ℰ', F: 'ℱ', H: 'ℋ', I: 'ℐ', L: 'ℒ', M: 'ℳ', R: 'ℛ', e: 'ℯ', g: 'ℊ', o: 'ℴ' },
  },
  fraktur: { upper: 0x1d504, lower: 0x1d51e, holes: { C: 'ℭ', H: 'ℌ', I: 'ℑ', R: 'ℜ', Z: 'ℨ' } },
};

function styled(char: string, style: (typeof STYLES)[string]): string {
  const hole = style.holes?.[char];
  if (hole) return hole;
  const code = char.codePointAt(0)!;
  const from = (start: number | undefined, first: number, count: number) =>
    start !== undefined && code >= first && code < first + count
      ? String.fromCodePoint(start + code - first)
      : undefined;
  return (
    from(style.upper, 0x41, 26) ??
    from(style.lower, 0x61, 26) ??
    from(style.digit, 0x30, 10) ??
    from(style.greekUpper, 0x391, 25) ??
    from(style.greekLower, 0x3b1, 25) ??
    char
  );
}

/** Replaces the styled letters of KaTeX's MathML output with their Unicode characters. */
export function withUnicodeMathVariants(html: string): string {
  return html.replace(
    /<(mi|mn|mtext) mathvariant="([a-z-]+)">([^<]*)<\/\1>/g,
    (whole, tag: string, variant: string, text: string) => {
      const style = STYLES[variant];
      if (!style) return whole;
      return `<${tag}>${[...text].map((c) => styled(c, style)).join('')}</${tag}>`;
    },
  );
}
