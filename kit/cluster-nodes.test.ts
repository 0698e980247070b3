import { describe, expect, it } from 'vitest';
import {
  checkGrudgeNodes,
  checkLinkNodes,
  lookupNode,
  nodeFiles,
  nodeIdsFor,
  nodesDirOf,
} from './cluster-nodes.ts';

const nodes = new Map(nodeIdsFor(3).map((id) => [id, id.toUpperCase()]));

describe('cluster nodes', () => {
  it('names nodes n1..nN and refuses a count that is not a positive integer', () => {
    expect(nodeIdsFor(3)).toEqual(['n1', 'n2', 'n3']);
    expect(() => nodeIdsFor(0)).toThrow('nodeCount must be a positive integer, got 0');
    expect(() => nodeIdsFor(1.5)).toThrow('nodeCount must be a positive integer, got 1.5');
  });

  it('looks a node up, or names the nodes there are', () => {
    expect(lookupNode(nodes, 'n2')).toBe('N2');
    expect(() => lookupNode(nodes, 'n9')).toThrow('unknown node "n9"; nodes are n1, n2, n3');
  });

  it('checks every node a grudge names', () => {
    expect(() => checkGrudgeNodes(new Map([['n1', new Set(['n2'])]]), nodes)).not.toThrow();
    expect(() => checkGrudgeNodes(new Map([['n1', new Set(['n7'])]]), nodes)).toThrow(
      'unknown node "n7"',
    );
    expect(() => checkGrudgeNodes(new Map([['n0', new Set<string>()]]), nodes)).toThrow(
      'unknown node "n0"',
    );
  });

  it('checks both ends of a link and refuses a link to itself', () => {
    expect(() => checkLinkNodes([{ from: 'n1', to: 'n3' }], nodes)).not.toThrow();
    expect(() => checkLinkNodes([{ from: 'n1', to: 'n4' }], nodes)).toThrow('unknown node "n4"');
    expect(() => checkLinkNodes([{ from: 'n2', to: 'n2' }], nodes)).toThrow(
      'link n2→n2: a node has no link to itself',
    );
  });

  it("puts every node file under the run directory's nodes/ folder", () => {
    expect(nodesDirOf('/runs/t/1')).toBe('/runs/t/1/nodes');
    expect(nodeFiles('/runs/t/1', 'n2')).toEqual({
      logPath: '/runs/t/1/nodes/n2.log',
      dataDir: '/runs/t/1/nodes/n2',
      offsetFile: '/runs/t/1/nodes/n2.faketime',
    });
  });
});
