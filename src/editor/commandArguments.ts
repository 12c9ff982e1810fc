// What our commands receive as their argument: a slug from a hover link or the note view,
// a tree item from a context menu, or nothing from the Command Palette.

/** The note slug in a command argument (a slug string or a tree item with a slug), if any. */
export function slugFromArgument(argument: unknown): string | undefined {
  if (typeof argument === 'string') return argument;
  if (argument && typeof argument === 'object' && 'slug' in argument && typeof argument.slug === 'string')
    return argument.slug;
  return undefined;
}
