import { join } from 'node:path';
import type { Command } from 'commander';
import { loadConfig, type NodeConfig } from '../../config.ts';
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

type StartCliOptions = EmbeddedChainCliOptions & { port?: number; apiPort?: number; rpcUrl?: string };

/**
 * `caduceus start` (what `npm start` runs): one organisation's node on its embedded defaults (or on
 * `CADUCEUS_RPC_URL`): keys, ledger and contracts, the record vault with anchoring, consent, and the FHIR API.
 */
export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description(
      'start a Caduceus node: ledger (embedded chain unless --rpc-url/CADUCEUS_RPC_URL), contracts, vault and FHIR API',
    )
    .option('--data <dir>', 'node data directory (default: CADUCEUS_DATA_DIR or .caduceus)')
    .option('--rpc-url <url>', 'use an external EVM node instead of the embedded chain (CADUCEUS_RPC_URL)')
    .option(
      '--api-port <port>',
      'port of the FHIR API (default: CADUCEUS_API_PORT or 8080; 0 picks a free one)',
      parsePort,
    )
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
    .action(async (options: StartCliOptions) => {
      const config = configFromCli(options);
      const logger = createLogger().child({ component: 'node' });
      let chain: EmbeddedChain | undefined;
      const node = new CaduceusNode({
        config,
        logger,
        openChain: async (genesis) => {
          chain = await openEmbeddedChainFromCli(chainOptions(options), {
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
        console.log(`FHIR R4 API: ${info.fhirBaseUrl}`);
        console.log(
          `Token for scripts: caduceus token --data ${config.dataDir} --practitioner <id> [--address 0x…]`,
        );
        // Listening before saying so: a supervisor may signal the moment it reads "Ready.".
        const signalled = untilSignal();
        console.log('Ready. Press Ctrl-C to stop.');
        await signalled;
        console.log('Stopping…');
      } finally {
        await node.stop();
      }
    });
}

/** The configuration with the command line's overrides (flags win over environment variables). */
function configFromCli(options: StartCliOptions): NodeConfig {
  const base = loadConfig(options.data ? { ...process.env, CADUCEUS_DATA_DIR: options.data } : process.env);
  return {
    ...base,
    ...(options.port === undefined ? {} : { chainPort: options.port }),
    ...(options.apiPort === undefined ? {} : { apiPort: options.apiPort }),
    ...(options.rpcUrl === undefined ? {} : { rpcUrl: options.rpcUrl }),
  };
}

/** `--data` names the node's directory here, so the chain opens in its `chain/` folder. */
function chainOptions(options: StartCliOptions): EmbeddedChainCliOptions {
  return {
    ...(options.genesis === undefined ? {} : { genesis: options.genesis }),
    ...(options.blockTime === undefined ? {} : { blockTime: options.blockTime }),
  };
}
