// Where a node sends a change, by topology (DDIA figure 5-8). A change never
// goes to a node it has passed through, so circular and star stop where they
// began, and all-to-all has each node send only its own changes.
import type { Change } from './messages.ts';
import type { MultiLeaderConfig } from './options.ts';

/** The peers this node sends `c` to. */
export function routeTo(c: Change, cfg: MultiLeaderConfig): string[] {
  const { self, nodes } = cfg;
  return neighbours(c, cfg).filter((p) => p !== self && !c.via.includes(p) && nodes.includes(p));
}

function neighbours(c: Change, cfg: MultiLeaderConfig): readonly string[] {
  const { self, nodes } = cfg;
  switch (cfg.topology) {
    case 'all-to-all':
      return c.origin === self ? nodes : [];
    case 'circular':
      return [nodes[(nodes.indexOf(self) + 1) % nodes.length]!];
    case 'star':
      return self === cfg.hub ? nodes : c.origin === self ? [cfg.hub!] : [];
  }
}

/** The peers this node ever sends to (what its status reports on). */
export function outPeers(cfg: MultiLeaderConfig): string[] {
  const { self, nodes } = cfg;
  const others = nodes.filter((n) => n !== self);
  if (cfg.topology === 'all-to-all') return others;
  if (cfg.topology === 'circular') return [nodes[(nodes.indexOf(self) + 1) % nodes.length]!];
  return self === cfg.hub ? others : [cfg.hub!];
}
