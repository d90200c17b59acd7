#!/usr/bin/env node
/**
 * The `caduceus` command: the single entry point of a node. Each subcommand lives in its own file under
 * `commands/`; this file is only the table.
 */
import { Command } from 'commander';
import { BaseError } from '../errors.ts';
import { registerAiCommand } from './commands/ai.ts';
import { registerAiDeidCommand } from './commands/aiDeid.ts';
import { registerAiEcgCommand } from './commands/aiEcg.ts';
import { registerChainCommand } from './commands/chain.ts';
import { registerDemoCommand } from './commands/demo.ts';
import { registerDeployCommand } from './commands/deploy.ts';
import { registerFlCommand } from './commands/fl.ts';
import { registerKeysCommand } from './commands/keys.ts';
import { registerModelCommand } from './commands/model.ts';
import { registerStartCommand } from './commands/start.ts';
import { registerSupplyCommand } from './commands/supply.ts';
import { registerTokenCommand } from './commands/token.ts';
import { registerVerifyCommand } from './commands/verify.ts';

const program = new Command()
  .name('caduceus')
  .description('Caduceus: consortium health data with a permissioned EVM ledger')
  .showHelpAfterError();

for (const register of [
  registerStartCommand,
  registerDemoCommand,
  registerChainCommand,
  registerDeployCommand,
  registerVerifyCommand,
  registerTokenCommand,
  registerKeysCommand,
  registerSupplyCommand,
  registerAiCommand,
  registerAiEcgCommand,
  registerAiDeidCommand,
  registerFlCommand,
  registerModelCommand,
]) {
  register(program);
}

try {
  await program.parseAsync(process.argv);
} catch (error) {
  // A known failure prints its short message and details; anything else its message only (no stack for users).
  if (error instanceof BaseError) {
    console.error(`caduceus: ${error.shortMessage}`);
    for (const line of error.details) console.error(`  ${line}`);
    const cause = error.walk();
    if (cause !== error && cause instanceof Error) console.error(`  cause: ${cause.message}`);
  } else {
    console.error(`caduceus: ${error instanceof Error ? error.message : String(error)}`);
  }
  process.exitCode = 1;
}
