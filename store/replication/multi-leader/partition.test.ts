import { describe, expect, it } from 'vitest';
import { converged, MlCluster } from './test-util.ts';

describe('multi-leader debug', () => {
  it('merge converges after a partition with adds on both sides', async () => {
    const c = new MlCluster(['--conflicts', 'merge']);
    c.world.partition(['n1'], ['n2', 'n3']);
    for (let i = 0; i < 300; i++) await c.put(['n1', 'n2', 'n3'][i % 3]!, 's', i, { op: 'add' });
    c.world.heal();
    await c.settle();
    const v = (await converged(c, 's')) as number[];
    expect(v.length).toBe(300);
  });
});
