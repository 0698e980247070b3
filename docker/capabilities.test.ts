import { describe, expect, it } from 'vitest';
import { dockerCapabilities, type DockerFacts } from './capabilities.ts';

const all: DockerFacts = {
  engineBlocker: null,
  netnsBlocker: null,
  netemBlocker: null,
  faketimeLib: '/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1',
};
const byKind = (facts: DockerFacts) =>
  Object.fromEntries(dockerCapabilities(facts).map((c) => [c.kind, c]));

describe('Docker capabilities say what this machine can do', () => {
  it('offers every fault when the engine, nsenter, netem and libfaketime are here', () => {
    expect(dockerCapabilities(all).every((c) => c.available)).toBe(true);
    expect(byKind(all).clock!.detail).toMatch(/libfaketime/);
  });

  it('offers nothing without an engine, and says how to start one', () => {
    const caps = dockerCapabilities({ ...all, engineBlocker: 'no Docker engine socket at /x' });
    expect(caps.map((c) => c.available)).toEqual([false, false, false, false, false]);
    expect(caps[0]!.detail).toContain('/x');
  });

  it('withholds partitions and link shaping when namespaces cannot be entered', () => {
    const why = 'the controller must run as root';
    const k = byKind({ ...all, netnsBlocker: why, netemBlocker: why });
    expect(k.partition).toMatchObject({ available: false, detail: why });
    expect(k.link).toMatchObject({ available: false, detail: why });
    expect(k.kill!.available).toBe(true);
  });

  it("falls back to the store's own clock offset without libfaketime, and says so", () => {
    const k = byKind({ ...all, faketimeLib: null });
    expect(k.clock!.available).toBe(true);
    expect(k.clock!.detail).toMatch(/POST \/clock.*apt-get install faketime/);
  });
});
