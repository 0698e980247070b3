// Process entry of a store node: wires the real ports (TCP, files, clock)
// to the core, with the replication mode the flags name (through the
// registry, replication/index.ts), and serves the client API. Runnable directly
// (node --import tsx store/main.ts --id n1 ...) or through `splitbrain store`.
import http from 'node:http';
import { pathToFileURL } from 'node:url';
import { StoreNode } from './node.ts';
import { FileStorage } from './fs-storage.ts';
import { TcpTransport } from './tcp-transport.ts';
import { createHttpServer } from './http-server.ts';
import { systemClock, systemRandom, systemTimers, systemTurns } from './real-ports.ts';
import { parseStoreOptions, STORE_USAGE, wantsHelp, type StoreOptions } from './options.ts';
import type { Logger } from './ports.ts';

export { StoreOptionsError, STORE_USAGE, parseStoreOptions } from './options.ts';

export interface RunningStore {
  readonly options: StoreOptions;
  readonly node: StoreNode;
  /** Stops serving and closes files; idempotent. */
  close(): Promise<void>;
}

function stdoutLogger(id: string): Logger {
  return (line) => process.stdout.write(`${new Date().toISOString()} ${id} ${line}\n`);
}

/** Starts a node and resolves once both ports listen (after printing the ready line). */
export async function startStore(
  options: StoreOptions,
  log = stdoutLogger(options.self),
): Promise<RunningStore> {
  const storage = new FileStorage(options.dataDir);
  const transport = new TcpTransport(options.self, options.peers, log);
  const timers = systemTimers();
  const { random, seed } = systemRandom(options.seed);
  const node = new StoreNode(options, {
    transport,
    clock: systemClock(),
    timers,
    storage,
    random,
    log,
    turns: systemTurns(),
  });
  log(
    `starting: nodes ${options.nodes.join(',')} mode ${options.mode.name} ${options.mode.description} seed ${seed} data ${storage.file} fsync ${options.fsync}`,
  );
  // On stderr, so a person starting the node sees it even with the log going to a file.
  for (const w of options.mode.warnings) process.stderr.write(`${options.self} warning: ${w}\n`);
  node.start();
  if (storage.tornLines > 0) log(`dropped a torn last line from ${storage.file}`);
  const server = createHttpServer(node);
  try {
    await transport.listen(options.host, options.peerPort);
    await listen(server, options.host, options.clientPort);
  } catch (err) {
    node.stop();
    timers.clearAll();
    await transport.close();
    storage.close();
    throw err;
  }
  process.stdout.write(
    `ready ${options.self} client=${options.clientPort} peer=${options.peerPort}\n`,
  );
  let closing: Promise<void> | null = null;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      node.stop();
      timers.clearAll();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await transport.close();
      storage.close();
      log('stopped');
    })());
  return { options, node, close };
}

function listen(server: http.Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/**
 * Parses argv, runs the node until SIGTERM or SIGINT, then closes cleanly.
 * Throws StoreOptionsError for bad flags (the CLI exits 3) and resolves when
 * the node has stopped.
 */
export async function runStore(argv: string[]): Promise<void> {
  if (wantsHelp(argv)) {
    process.stdout.write(STORE_USAGE);
    return;
  }
  const running = await startStore(parseStoreOptions(argv));
  await new Promise<void>((resolve) => {
    const stop = (signal: string): void => {
      process.stdout.write(
        `${new Date().toISOString()} ${running.options.self} ${signal}: shutting down\n`,
      );
      void running.close().then(resolve);
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runStore(process.argv.slice(2)).then(
    () => process.exit(0),
    (err: unknown) => {
      const e = err instanceof Error ? err : new Error(String(err));
      process.stderr.write(
        `store: ${e.name === 'StoreOptionsError' ? e.message : (e.stack ?? e.message)}\n`,
      );
      process.exit(e.name === 'StoreOptionsError' ? 3 : 1);
    },
  );
}
