import { describe, expect, it } from 'vitest';
import { didYouMean, nearest } from './suggest.ts';

describe('nearest: the word a typo meant', () => {
  const kinds = ['partition', 'kill', 'pause', 'clock', 'link', 'none'];

  it('finds a dropped, doubled or swapped letter', () => {
    expect(nearest('partiton', kinds)).toBe('partition');
    expect(nearest('killl', kinds)).toBe('kill');
    expect(nearest('puase', kinds)).toBe('pause');
  });

  it('counts a prefix either way as one edit', () => {
    expect(nearest('alway', ['always', 'never'])).toBe('always');
    expect(nearest('leaderless2', ['leaderless', 'multi-leader'])).toBe('leaderless');
  });

  it('names nothing for a word far from every candidate, or empty', () => {
    expect(nearest('banana', kinds)).toBeUndefined();
    expect(nearest('', kinds)).toBeUndefined();
  });

  it('never suggests the word itself or a one-letter candidate', () => {
    expect(nearest('kill', ['kill'])).toBeUndefined();
    expect(nearest('x', ['x', 'y'])).toBeUndefined();
  });

  it('prefers the closest of several near candidates', () => {
    expect(nearest('leadr', ['leader', 'leader-window', 'any'])).toBe('leader');
  });
});

describe('didYouMean: the hint an error message appends', () => {
  it('quotes the candidate, or is empty', () => {
    expect(didYouMean('simm', ['local', 'sim', 'docker'])).toBe(' (did you mean "sim"?)');
    expect(didYouMean('zzzzzz', ['local', 'sim'])).toBe('');
    expect(didYouMean(42, ['local', 'sim'])).toBe('');
  });
});
