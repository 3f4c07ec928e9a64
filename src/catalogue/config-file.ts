import { readFileSync } from 'node:fs';
import { fail } from './config-checks.js';

type Env = Record<string, string | undefined>;

/**
 * Reads the JSON file named by the environment variable `name`, or answers undefined when it is unset.
 * A missing, unreadable or malformed file stops the start with one line naming the variable and the file.
 */
export function readJsonConfigFile(env: Env, name: string): unknown {
  const file = env[name];
  if (file === undefined || file === '') return undefined;
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch (error) {
    return fail(name, `cannot read "${file}" (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  try {
    return JSON.parse(content) as unknown;
  } catch (error) {
    return fail(name, `"${file}" is not valid JSON (${(error as Error).message.split('\n')[0]})`);
  }
}
