import { describe, expect, it } from 'vitest';
import { until } from './until.ts';

describe('until', () => {
  it('resolves once the condition holds, sync or async', async () => {
    let calls = 0;
    await until(() => ++calls === 3, 1000, 1);
    expect(calls).toBe(3);
    let n = 0;
    expect(await until(async () => ++n >= 2, 1000, 1)).toBeGreaterThanOrEqual(0);
  });

  it('fails naming the timeout when the condition never holds', async () => {
    await expect(until(() => false, 30, 5)).rejects.toThrow('condition not met within 30 ms');
  });
});
