// yargs names an unknown flag in both spellings ("bogus-flag, bogusFlag");
// a user typed one. Name each flag once, as typed, with the nearest known flag.

import { nearest } from '../../core/suggest.ts';

const UNKNOWN = /^Unknown arguments?: (.*)$/;

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** The known flag closest to `name`, if close enough to be a typo of it. */
export function nearestFlag(name: string, known: readonly string[]): string | undefined {
  return nearest(name, known.map(kebab));
}

/** What yargs' message is read against: the command line, its commands, the flags it takes. */
export interface UsageLine {
  readonly argv: readonly string[];
  readonly commands: readonly string[];
}

type Line = UsageLine & { readonly known: readonly string[] };

function described(name: string, line: Line): string {
  if (line.argv.includes(name)) return `unexpected word ${JSON.stringify(name)}: no flag takes it`;
  const near = nearestFlag(name, line.known);
  const flag = name.length === 1 ? `-${name}` : `--${name}`;
  return `unknown flag ${flag}${near === undefined ? '' : ` (did you mean --${near}?)`}`;
}

/** The first word when it names no command: what was meant, and the commands there are. */
function unknownCommand(line: Line): string | undefined {
  if (line.argv.some((a) => line.commands.includes(a))) return undefined;
  const word = line.argv.find((a) => !a.startsWith('-'));
  if (word === undefined) return undefined;
  const near = nearestFlag(word, line.commands);
  const hint = near === undefined ? '' : ` (did you mean ${near}?)`;
  return `unknown command ${JSON.stringify(word)}${hint}; the commands are ${line.commands.join(', ')}`;
}

/** The message for yargs' "Unknown arguments" error, or undefined for any other. */
export function unknownArgumentsText(message: string, line: Line): string | undefined {
  const m = UNKNOWN.exec(message);
  if (!m) return undefined;
  const names = [...new Set(m[1]!.split(', ').map(kebab))];
  return unknownCommand(line) ?? names.map((n) => described(n, line)).join('; ');
}
