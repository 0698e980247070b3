import { describe, expect, it } from 'vitest';
import { NodeOutput } from './node-output.ts';

const chunk = (s: string) => Buffer.from(s);
const never = new Promise<void>(() => {});

describe('NodeOutput', () => {
  it('logs every byte and becomes ready on its own ready line, even split across chunks', async () => {
    const out = new NodeOutput('n2');
    const logged: string[] = [];
    const sink = out.sink({ write: (c: Buffer) => logged.push(c.toString()) });
    const ready = out.readyLine();
    sink(chunk('booting\nready n1 client=1 peer=2\nready n2 cli'));
    expect(await out.awaitReady(ready, never, 20)).toBe('timeout');
    sink(chunk('ent=7000 peer=7001\n'));
    expect(await out.awaitReady(ready, never, 1000)).toBe('ready');
    expect(logged.join('')).toBe(
      'booting\nready n1 client=1 peer=2\nready n2 client=7000 peer=7001\n',
    );
  });

  it('keeps the last 30 lines, stderr marked, for the error message', async () => {
    const out = new NodeOutput('n1');
    const log = { write: () => true };
    const stdout = out.sink(log);
    const stderr = out.sink(log, '[stderr] ');
    for (let i = 1; i <= 40; i++) stdout(chunk(`line ${i}\n`));
    stderr(chunk('boom\n'));
    const tail = out.tailText().split('\n');
    expect(tail).toHaveLength(30);
    expect(tail[0]).toBe('line 12');
    expect(tail.at(-1)).toBe('[stderr] boom');
    const outcome = await out.awaitReady(out.readyLine(), Promise.resolve(), 1000);
    expect(outcome).toBe('exited');
    expect(out.notReadyMessage('node n1', outcome as 'exited', 1000, '/run/n1.log')).toBe(
      `node n1 exited before it was ready (log: /run/n1.log); last lines:\n${tail.join('\n')}`,
    );
  });

  it('says when a node printed nothing within the timeout', () => {
    const out = new NodeOutput('n3');
    expect(out.notReadyMessage('node n3 (container c)', 'timeout', 250, '/l')).toBe(
      'node n3 (container c) printed no "ready n3 ..." line within 250 ms (log: /l); last lines:\n(no output)',
    );
  });
});
