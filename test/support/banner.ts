/** The commands a banner offers to try (src/entry/try-commands.ts): the indented lines after "Try, in another terminal:". */
export function bannerCommands(banner: string): string[] {
  const lines = banner.split('\n');
  const start = lines.findIndex((l) => l.endsWith('Try, in another terminal:'));
  if (start < 0) throw new Error(`the banner offers no commands:\n${banner}`);
  const out: string[] = [];
  for (const l of lines.slice(start + 1)) {
    if (!l.startsWith('  ')) break;
    out.push(l.trim());
  }
  return out;
}
