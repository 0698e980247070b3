import { splitbrain } from './testing/cli.ts';
import { describe, expect, it } from 'vitest';
import { repeatCommand, resolveRunConfig } from './config.ts';
import { kvValuesOf } from '../systems/store/options.ts';
import { UsageError } from '../core/errors.ts';

describe('run config: --kv-values', () => {
  it('follows --log-format unless given, and is repeated only when given', () => {
    expect(kvValuesOf(resolveRunConfig({}, 1).systemOptions)).toBe('plain');
    const stmt = resolveRunConfig({ logFormat: 'statement' }, 1);
    expect(kvValuesOf(stmt.systemOptions)).toBe('statement');
    expect(repeatCommand(stmt)).not.toContain('--kv-values');
    const rowStmt = resolveRunConfig({ logFormat: 'row', kvValues: 'statement' }, 1);
    expect(kvValuesOf(rowStmt.systemOptions)).toBe('statement');
    expect(repeatCommand(rowStmt)).toContain('--log-format row');
    expect(repeatCommand(rowStmt)).toContain('--kv-values statement');
    const plain = resolveRunConfig({ logFormat: 'statement', kvValues: 'plain' }, 1);
    expect(repeatCommand(plain)).toContain('--kv-values plain');
  });

  it('rejects an unknown choice, and statement values on a system that stores integers', () => {
    expect(() => resolveRunConfig({ kvValues: 'random' }, 1)).toThrow(
      '--kv-values must be one of plain, statement, got "random"',
    );
    const redis = () => resolveRunConfig({ system: 'redis', kvValues: 'statement' }, 1);
    expect(redis).toThrow(UsageError);
    expect(redis).toThrow(
      "--kv-values is an option of splitbrain's own store and needs --system store, got --system redis",
    );
  });

  it('the CLI exits 3 naming the flag, before starting anything', async () => {
    const res = await splitbrain(['run', '--kv-values', 'random']);
    expect(res.exitCode).toBe(3);
    expect(res.stderr).toContain('--kv-values must be one of plain, statement');
  });
});
