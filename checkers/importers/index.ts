// Importers: text written by other tools → our history form. Pure and strict:
// a line that is not in the format throws naming its number and what was
// expected; nothing is guessed.
import type { Op } from '../../core/history.ts';
import { importJepsenEdn } from './jepsen-edn.ts';
import { importPorcupineEtcd, importPorcupineKv } from './porcupine.ts';

export { exportJepsenEdn } from './export-edn.ts';

const IMPORTERS = {
  'jepsen-edn': importJepsenEdn,
  'porcupine-etcd': importPorcupineEtcd,
  'porcupine-kv': importPorcupineKv,
} as const satisfies Record<string, (text: string) => Op[]>;

export type HistoryFormat = keyof typeof IMPORTERS;

export const HISTORY_FORMATS: readonly HistoryFormat[] = Object.keys(IMPORTERS) as HistoryFormat[];

export function importHistory(format: string, text: string): Op[] {
  if (!Object.hasOwn(IMPORTERS, format)) {
    throw new Error(
      `unknown history format ${JSON.stringify(format)}; known formats: ${HISTORY_FORMATS.join(', ')}`,
    );
  }
  return IMPORTERS[format as HistoryFormat](text);
}
