import { describe, expect, it } from 'vitest';
import { NEMESIS_FLAGS, NemesisOptionError, scheduleOptionsFromFlags } from './options.ts';

describe('nemesis targeting flags', () => {
  it('reads yargs-style camelCase keys', () => {
    expect(
      scheduleOptionsFromFlags({
        partitionKinds: 'isolate-leader,bridge',
        killTargets: 'leader,majority',
        killRestartAfterMs: 2000,
        clockMaxSkewMs: 500,
        clockStrobe: true,
        linkFaults: 'latency,duplicate',
      }),
    ).toEqual({
      partition: { kinds: ['isolate-leader', 'bridge'] },
      kill: { targets: ['leader', 'majority'], restartAfterMs: 2000 },
      pause: {},
      clock: { maxSkewMs: 500, strobe: true },
      link: {
        presets: [
          { latencyMs: 100, jitterMs: 50 },
          { duplicateRate: 0.02, framing: 'line' },
        ],
      },
    });
  });

  it('takes a JSON link fault', () => {
    expect(scheduleOptionsFromFlags({ 'link-faults': '{"lossRate":0.5}' }).link).toEqual({
      presets: [{ lossRate: 0.5 }],
    });
  });

  it('names the flag and the accepted values on a bad one', () => {
    expect(() => scheduleOptionsFromFlags({ partitionKinds: 'thirds' })).toThrow(
      /--partition-kinds: unknown shape "thirds"; shapes: halves, isolate/,
    );
    expect(() => scheduleOptionsFromFlags({ linkFaults: 'fog' })).toThrow(NemesisOptionError);
    expect(() => scheduleOptionsFromFlags({ clockMinSkewMs: 10, clockMaxSkewMs: 5 })).toThrow(
      /--clock-min-skew-ms 10 is above --clock-max-skew-ms 5/,
    );
    expect(() => scheduleOptionsFromFlags({ killRestartAfterMs: -1 })).toThrow(/>= 0/);
  });

  it('describes every flag', () => {
    for (const f of NEMESIS_FLAGS) expect(f.describe.length).toBeGreaterThan(10);
  });
});
