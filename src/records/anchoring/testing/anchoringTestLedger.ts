import { privateKeyToAccount } from 'viem/accounts';
import { type DevAccount, devAccounts } from '../../../ledger/chain/devAccounts.ts';
import { EmbeddedChain } from '../../../ledger/chain/EmbeddedChain.ts';
import { createLedgerClient, type LedgerClient } from '../../../ledger/client/createLedgerClient.ts';
import { inProcessTransport } from '../../../ledger/client/inProcessTransport.ts';
import { type DeployResult, deployContracts } from '../../../ledger/deploy/deployContracts.ts';
import type { ContractName } from '../../../ledger/deploy/deployPlan.ts';

/** A one-node consortium on an embedded chain, as the anchoring integration tests need it. */
export type AnchoringTestLedger = {
  chain: EmbeddedChain;
  /** The node's ledger client: it deployed the contracts and signs the anchoring transactions. */
  ledger: LedgerClient;
  deployment: DeployResult<ContractName>;
  /** The founder's admin account, the custodian that anchored batches name. */
  admin: DevAccount;
  /** The founder's node key, the account of `ledger`. */
  nodeKey: DevAccount;
  /** Closes the ledger client, then the chain. */
  close(): Promise<void>;
};

/** Opens an instant-sealing embedded chain and deploys the contracts with one founder, 'St Elsewhere'. */
export async function openAnchoringTestLedger(): Promise<AnchoringTestLedger> {
  const [admin, nodeKey] = devAccounts(2) as [DevAccount, DevAccount];
  const chain = await EmbeddedChain.open({ sealing: { mode: 'instant' } });
  const ledger = await createLedgerClient({
    transport: inProcessTransport(chain),
    account: privateKeyToAccount(nodeKey.privateKey),
  });
  const deployment = await deployContracts(ledger, {
    founders: [
      {
        account: admin.address,
        node: nodeKey.address,
        name: 'St Elsewhere',
        serviceUrl: 'http://127.0.0.1',
        roles: 1,
      },
    ],
  });
  return {
    chain,
    ledger,
    deployment,
    admin,
    nodeKey,
    close: async () => {
      ledger.close();
      await chain.close();
    },
  };
}
