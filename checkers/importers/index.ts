// Importers: text written by other tools → our history form. Pure: a line
// that is not in the format throws naming its number and what was expected;
// every imported history then passes through the same reader checks as our
// own (core/history.ts). Each format reads with its tool's semantics
// (formats.ts) and brings its own default checkers.
import { validateOps, type Op } from '../../core/history.ts';
import type { Imported } from './imported.ts';
import { importJepsenEdn } from './jepsen-edn.ts';
import { importPorcupineEtcd, importPorcupineKv } from './porcupine.ts';

export { exportJepsenEdn } from './export-edn.ts';
export type { Imported } from './imported.ts';

const IMPORTERS = {
  'jepsen-edn': importJepsenEdn,
  'porcupine-etcd': importPorcupineEtcd,
  'porcupine-kv': importPorcupineKv,
} as const satisfies Record<string, (text: string) => Imported>;

export type HistoryFormat = keyof typeof IMPORTERS;

export const HISTORY_FORMATS: readonly HistoryFormat[] = Object.keys(IMPORTERS) as HistoryFormat[];

export function isHistoryFormat(format: string): format is HistoryFormat {
  return Object.hasOwn(IMPORTERS, format);
}

/** The ops, the source line of each, and what was tolerated; throws HistoryError naming a line. */
export function readImported(format: string, text: string): Imported {
  if (!isHistoryFormat(format)) {
    throw new Error(
      `unknown history format ${JSON.stringify(format)}; known formats: ${HISTORY_FORMATS.join(', ')}`,
    );
  }
  const imported = IMPORTERS[format](text);
  validateOps(imported.ops, imported.lines);
  return imported;
}

export function importHistory(format: string, text: string): Op[] {
  return readImported(format, text).ops;
}
