#!/usr/bin/env node
/**
 * The `kim` operations command line: `npm run kim -- <command> [options]`. Each command lives in
 * src/cli/commands/<command>.command.ts and exports `run(args: string[]): Promise<number>` (exit code)
 * and `summary` (one line for the help).
 */
import { readdir } from 'node:fs/promises';

interface CliCommand {
  summary: string;
  run(args: string[]): Promise<number>;
}

const commandsDir = new URL('./commands/', import.meta.url);

async function available(): Promise<string[]> {
  const files = await readdir(commandsDir);
  return files.filter((f) => f.endsWith('.command.js')).map((f) => f.replace('.command.js', ''));
}

async function load(name: string): Promise<CliCommand> {
  return (await import(new URL(`${name}.command.js`, commandsDir).href)) as CliCommand;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const names = await available();
  if (!name || name === 'help' || name === '--help' || !names.includes(name)) {
    if (name && !['help', '--help'].includes(name)) console.error(`kim: unknown command "${name}"`);
    console.log('usage: npm run kim -- <command> [options]\n');
    for (const n of names.sort()) console.log(`  ${n.padEnd(12)} ${(await load(n)).summary}`);
    return name && !['help', '--help'].includes(name) ? 2 : 0;
  }
  return (await load(name)).run(args);
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(`kim: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
