import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng.ts';
import { homeNode, readNode } from './client.ts';

const nodes = ['n1', 'n2', 'n3'].map((id, i) => ({ id, host: '127.0.0.1', port: 1000 + i }));

describe('where a multi-primary session reads and writes', () => {
  it('each session has a home node: process modulo the node count', () => {
    expect([0, 1, 2, 3, 7].map((p) => homeNode(p, nodes).id)).toEqual([
      'n1',
      'n2',
      'n3',
      'n1',
      'n2',
    ]);
  });

  it('sticky reads go home; others never do; any reaches every node', () => {
    const rng = createRng(3);
    expect(readNode('sticky', 4, nodes, rng).id).toBe('n2');
    const others = new Set(Array.from({ length: 50 }, () => readNode('others', 4, nodes, rng).id));
    expect([...others].sort()).toEqual(['n1', 'n3']);
    const any = new Set(Array.from({ length: 50 }, () => readNode('any', 4, nodes, rng).id));
    expect([...any].sort()).toEqual(['n1', 'n2', 'n3']);
  });

  it('with one node, others is that node', () => {
    expect(readNode('others', 0, nodes.slice(0, 1), createRng(1)).id).toBe('n1');
  });
});
