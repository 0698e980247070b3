// Jepsen's validate wrapper for the Nemesis role: a contract violation throws
// at once, naming what was expected and what came, instead of reaching the
// history as a malformed record.
import { FAULT_KINDS } from './capabilities.ts';
import { NemesisOpError, unknownF } from './errors.ts';
import type { Nemesis, NemesisResult } from './nemesis.ts';

function checkResult(where: string, r: unknown): NemesisResult {
  if (typeof r !== 'object' || r === null || !('value' in r))
    throw new NemesisOpError(`${where} must return {value, nodes?, error?}, got ${String(r)}`);
  const res = r as NemesisResult;
  if (
    res.nodes !== undefined &&
    !(Array.isArray(res.nodes) && res.nodes.every((n) => typeof n === 'string'))
  )
    throw new NemesisOpError(
      `${where}: nodes must be a list of node ids, got ${JSON.stringify(res.nodes)}`,
    );
  if (res.error !== undefined && typeof res.error !== 'string')
    throw new NemesisOpError(`${where}: error must be a string, got ${JSON.stringify(res.error)}`);
  try {
    JSON.stringify(res.value);
  } catch (err) {
    throw new NemesisOpError(
      `${where}: value must be JSON for the history (${(err as Error).message})`,
    );
  }
  return res;
}

export function validateNemesis(n: Nemesis): Nemesis {
  for (const k of n.needs)
    if (!FAULT_KINDS.includes(k))
      throw new NemesisOpError(
        `nemesis needs unknown fault kind ${JSON.stringify(k)}; kinds: ${FAULT_KINDS.join(', ')}`,
      );
  return {
    needs: n.needs,
    fs: n.fs,
    async invoke(op, ctx) {
      if (!n.fs.includes(op.f)) throw unknownF(op.f, n.fs);
      return checkResult(`nemesis op ${op.f}`, await n.invoke(op, ctx));
    },
    async healAll(ctx) {
      return checkResult('nemesis healAll', await n.healAll(ctx));
    },
  };
}
