import { join } from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import type { EmbeddedChain } from '../../ledger/chain/EmbeddedChain.ts';
import { createLogger } from '../../logger.ts';
import { CaduceusNode } from '../../node/CaduceusNode.ts';
import { untilSignal } from '../untilSignal.ts';
import {
  type EmbeddedChainCliOptions,
  openEmbeddedChainFromCli,
  parseMilliseconds,
  parsePort,
  printDevAccountsIfFunded,
} from './chain.ts';

/** `caduceus start` (what `npm start` runs): a node on its embedded defaults, or on `CADUCEUS_RPC_URL`. */
export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description(
      'start a Caduceus node: ledger (embedded chain unless CADUCEUS_RPC_URL is set) and contracts',
    )
    .option('--data <dir>', 'chain data directory (default: <CADUCEUS_DATA_DIR>/chain)')
    .option(
      '--port <port>',
      'JSON-RPC port of the embedded chain (default: CADUCEUS_CHAIN_PORT or 8545)',
      parsePort,
    )
    .option('--genesis <file>', 'genesis JSON for a new embedded chain')
    .option(
      '--block-time <ms>',
      'seal every N ms; 0 seals as soon as transactions arrive (default)',
      parseMilliseconds,
    )
    .action(async (options: EmbeddedChainCliOptions & { port?: number }) => {
      const base = loadConfig();
      const config = options.port === undefined ? base : { ...base, chainPort: options.port };
      const logger = createLogger().child({ component: 'node' });
      let chain: EmbeddedChain | undefined;
      const node = new CaduceusNode({
        config,
        logger,
        openChain: async (genesis) => {
          chain = await openEmbeddedChainFromCli(options, {
            dataDir: join(config.dataDir, 'chain'),
            genesis,
          });
          return chain;
        },
      });
      try {
        const info = await node.start();
        console.log(`Caduceus node ${info.nodeAddress}`);
        console.log(
          `Ledger: ${info.embedded ? 'embedded chain' : 'external node'} ${info.rpcUrl} (chain id ${info.chainId})`,
        );
        if (info.wsUrl) console.log(`WebSocket: ${info.wsUrl}`);
        console.log(
          info.deployed.length > 0
            ? 'Contracts (deployed now):'
            : 'Contracts (recorded deployment, code verified):',
        );
        for (const [name, address] of Object.entries(info.contracts))
          console.log(`  ${name.padEnd(20)} ${address}`);
        if (chain) await printDevAccountsIfFunded(chain);
        console.log('Ready. Press Ctrl-C to stop.');
        await untilSignal();
        console.log('Stopping…');
      } finally {
        await node.stop();
      }
    });
}
