/* global process */
// Preloaded into every node process (node --import): the controller holds
// the other end of the node's stdin pipe, so when the controller dies —
// even by SIGKILL, when no exit hook runs — the pipe ends and the node kills
// itself rather than live on as an orphan holding ports. (A node that is
// SIGSTOPped at that moment only notices once something continues it.)
const stdin = process.stdin;
const die = () => process.kill(process.pid, 'SIGKILL');
stdin.on('end', die);
stdin.on('error', die);
stdin.on('data', () => {});
// Reading stdin must not keep a node alive that would otherwise exit.
if ('unref' in stdin && typeof stdin.unref === 'function') stdin.unref();
