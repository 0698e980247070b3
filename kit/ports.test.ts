import { describe, expect, it } from 'vitest';
import { freePorts, nodePortRange } from './ports.ts';

describe('node ports', () => {
  it('come from just below the ephemeral range', () => {
    expect(nodePortRange('32768\t60999\n')).toEqual([22768, 32767]);
    expect(nodePortRange('5000 6000')).toEqual([1024, 4999]);
  });

  it('are distinct and never ephemeral, so a connect cannot land on itself', async () => {
    const [first, last] = nodePortRange();
    const ports = await freePorts(6);
    expect(new Set(ports).size).toBe(6);
    for (const p of ports) {
      expect(p).toBeGreaterThanOrEqual(first);
      expect(p).toBeLessThanOrEqual(last);
    }
  });
});
