// Assertions on verdicts shared by checker tests.
import { expect } from 'vitest';
import type { CheckResult } from '../checker.ts';

/** Valid, or unknown only because the history gave the checker nothing to judge. */
export function expectNotRefuted(r: CheckResult): void {
  if (r.valid === 'unknown') expect(r.error).toMatch(/nothing checked/);
  else expect(r.valid).toBe(true);
}
