import { describe, expect, it } from 'vitest';
import { galeraArgs } from './args.ts';

const node = { id: 'n2', address: '127.0.1.2', dataDir: '/tmp/x/n2' };
const all = ['127.0.1.1', '127.0.1.2', '127.0.1.3'];

describe('galera node flags', () => {
  it('listens, advertises and receives IST on its own address; knows every member', () => {
    const args = galeraArgs(node, all, false);
    expect(args).toContain('--bind-address=127.0.1.2');
    expect(args).toContain(
      '--wsrep-cluster-address=gcomm://127.0.1.1:4567,127.0.1.2:4567,127.0.1.3:4567',
    );
    expect(args).toContain('--wsrep-node-address=127.0.1.2');
    expect(args.find((a) => a.startsWith('--wsrep-provider-options='))).toContain(
      'gmcast.listen_addr=tcp://127.0.1.2:4567;ist.recv_addr=127.0.1.2:4568',
    );
  });

  it('conflicts reach the client (no autocommit retry); only a first start bootstraps', () => {
    expect(galeraArgs(node, all, false)).toContain('--wsrep-retry-autocommit=0');
    expect(galeraArgs(node, all, false)).not.toContain('--wsrep-new-cluster');
    expect(galeraArgs(node, all, true)).toContain('--wsrep-new-cluster');
  });
});
