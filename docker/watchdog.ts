// Bundled in front of the store in the image. The controller holds the
// container's stdin open through an attach; when the controller dies, even by
// SIGKILL, Docker closes that stdin (StdinOnce) and the node exits rather than
// run on unwatched. The containers stay until `splitbrain doctor --cleanup`,
// but stopped, holding no CPU. Off unless the backend asks for it, since a
// node started without an attached stdin would see its end at once.
if (process.env.SPLITBRAIN_STDIN_WATCHDOG === '1') {
  const stdin = process.stdin;
  // The node is PID 1 in its container, which ignores its own SIGKILL: exit instead.
  const die = () => process.exit(137);
  stdin.on('end', die);
  stdin.on('error', die);
  stdin.on('data', () => {});
  if ('unref' in stdin && typeof stdin.unref === 'function') stdin.unref();
}
