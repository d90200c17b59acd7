import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { loadConfig } from '../../config.ts';
import { BaseError } from '../../errors.ts';
import { devAccounts } from '../../ledger/chain/devAccounts.ts';
import { EmbeddedChain, type SealingMode } from '../../ledger/chain/EmbeddedChain.ts';
import { type GenesisConfig, parseGenesisConfig } from '../../ledger/chain/GenesisConfig.ts';
import { JsonRpcServer } from '../../ledger/rpc/JsonRpcServer.ts';
import { createLogger } from '../../logger.ts';
import { untilSignal } from '../untilSignal.ts';

/** A genesis file could not be read or does not fit the schema. */
export class GenesisFileError extends BaseError {
  override name = 'GenesisFileError';
}

/** Options shared by `caduceus chain` and `caduceus start` for the embedded chain. */
export type EmbeddedChainCliOptions = { data?: string; genesis?: string; blockTime?: number };

/** Reads and validates a genesis JSON file. */
export function readGenesisFile(path: string): GenesisConfig {
  try {
    return parseGenesisConfig(JSON.parse(readFileSync(path, 'utf8')));
  } catch (error) {
    throw new GenesisFileError(`Cannot use genesis file ${path}`, { cause: error });
  }
}

/** Opens the embedded chain as the CLI options say (data dir, genesis file, sealing mode). */
export async function openEmbeddedChainFromCli(
  options: EmbeddedChainCliOptions,
  defaults: { dataDir: string; genesis?: GenesisConfig },
): Promise<EmbeddedChain> {
  const sealing: SealingMode =
    options.blockTime && options.blockTime > 0
      ? { mode: 'interval', intervalMs: options.blockTime }
      : { mode: 'instant' };
  const genesis = options.genesis ? readGenesisFile(resolve(options.genesis)) : defaults.genesis;
  return EmbeddedChain.open({
    dataDir: options.data ? resolve(options.data) : defaults.dataDir,
    genesis,
    sealing,
  });
}

/** Prints the development accounts when the chain funds them (public keys of a public mnemonic, dev only). */
export async function printDevAccountsIfFunded(chain: EmbeddedChain): Promise<void> {
  const accounts = devAccounts(10);
  const balances = await Promise.all(
    accounts.map((a) => chain.request({ method: 'eth_getBalance', params: [a.address, 'latest'] })),
  );
  const funded = accounts.filter((_, i) => BigInt(balances[i] as string) > 0n);
  if (funded.length === 0) return;
  console.log(
    'Development accounts (mnemonic "test test … junk"; public keys, never use on a real network):',
  );
  for (const [i, a] of funded.entries()) console.log(`  (${i}) ${a.address}  ${a.privateKey}`);
}

export const parsePort = (value: string): number => {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new InvalidArgumentError('not a TCP port');
  return port;
};

export const parseMilliseconds = (value: string): number => {
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < 0 || ms > 60_000) throw new InvalidArgumentError('must be 0–60000 ms');
  return ms;
};

/** `caduceus chain`: serve the embedded chain over HTTP and WebSocket JSON-RPC until Ctrl-C. */
export function registerChainCommand(program: Command): void {
  program
    .command('chain')
    .description('serve the embedded EVM chain over HTTP/WebSocket JSON-RPC')
    .option('--data <dir>', 'data directory of the chain (default: <CADUCEUS_DATA_DIR>/chain)')
    .option('--host <host>', 'interface to listen on (default: CADUCEUS_CHAIN_HOST or 127.0.0.1)')
    .option('--port <port>', 'port to listen on (default: CADUCEUS_CHAIN_PORT or 8545)', parsePort)
    .option('--genesis <file>', 'genesis JSON for a new chain: chainId, alloc, sealer, gasLimit')
    .option(
      '--block-time <ms>',
      'seal every N ms; 0 seals as soon as transactions arrive (default)',
      parseMilliseconds,
    )
    .action(async (options: EmbeddedChainCliOptions & { host?: string; port?: number }) => {
      const config = loadConfig();
      const logger = createLogger().child({ component: 'chain' });
      const chain = await openEmbeddedChainFromCli(options, { dataDir: join(config.dataDir, 'chain') });
      const server = new JsonRpcServer({
        handler: chain,
        host: options.host ?? config.chainHost,
        port: options.port ?? config.chainPort,
        logger,
      });
      try {
        const { url, wsUrl } = await server.start();
        console.log(`Caduceus embedded chain ${chain.chainId} (sealer ${chain.sealer})`);
        console.log(`JSON-RPC: ${url}  WebSocket: ${wsUrl}`);
        await printDevAccountsIfFunded(chain);
        await untilSignal();
      } finally {
        await server.stop();
        await chain.close();
      }
    });
}
