import { describe, expect, it } from 'vitest';
import { showValue } from './escape.ts';
import { compactJson, fmtValue } from './format.ts';

const cycle: Record<string, unknown> = { a: 1 };
cycle.self = cycle;

describe('value text', () => {
  it('compactJson never throws', () => {
    expect(compactJson({ k: [1, 'x'] })).toBe('{"k":[1,"x"]}');
    expect(compactJson(cycle)).toBe('[object Object]');
    expect(compactJson(10n)).toBe('10');
    expect(compactJson(undefined)).toBe('undefined');
  });

  it('fmtValue shows config values bare: strings unquoted, numbers as written', () => {
    expect(fmtValue('async')).toBe('async');
    expect(fmtValue(NaN)).toBe('NaN');
    expect(fmtValue(null)).toBe('null');
    expect(fmtValue(undefined)).toBe('');
    expect(fmtValue({ latencyMs: 5 })).toBe('{"latencyMs":5}');
  });

  it('showValue keeps an op value typed: the string "5" is quoted, the number 5 is not', () => {
    expect(showValue('5')).toBe('"5"');
    expect(showValue(5)).toBe('5');
    expect(showValue(undefined)).toBe('');
    expect(showValue(cycle)).toBe('[object Object]');
  });
});
