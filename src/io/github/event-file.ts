/**
 * The event file GitHub writes for a run (GITHUB_EVENT_PATH), checked before @actions/github reads it: that module
 * parses it when it is imported and throws on a malformed file. The message names the file's variable and the
 * position, never the file's text.
 */
import { existsSync, readFileSync } from 'node:fs';

/** Why the event file cannot be used, or undefined when it is fine (or absent: @actions/github says so itself). */
export function eventFileProblem(env: Record<string, string | undefined>): string | undefined {
  const file = env.GITHUB_EVENT_PATH;
  if (!file || !existsSync(file)) return undefined;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return `the event file (GITHUB_EVENT_PATH) could not be read (${(err as NodeJS.ErrnoException).code ?? 'error'}); this run needs the event GitHub wrote for it`;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    const at = /position (\d+)/.exec(err instanceof Error ? err.message : '')?.[1];
    return `the event file (GITHUB_EVENT_PATH) is not valid JSON${at !== undefined ? ` (at character ${at})` : ''}; it is written by GitHub for the run: check what replaced it`;
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return 'the event file (GITHUB_EVENT_PATH) is not a JSON object; it is written by GitHub for the run: check what replaced it';
  }
  return undefined;
}
