import { randomBytes } from 'node:crypto';
import { bytesToHex, http, type LocalAccount, type Transport } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedChain } from '../ledger/chain/EmbeddedChain.ts';
import { createLedgerClient, type LedgerClient } from '../ledger/client/createLedgerClient.ts';
import { inProcessTransport } from '../ledger/client/inProcessTransport.ts';
import { ConsortiumRole } from '../ledger/contracts/consortiumRoles.ts';
import { deployContracts } from '../ledger/deploy/deployContracts.ts';
import { getContracts, type LedgerContracts } from '../ledger/deploy/getContracts.ts';
import { connectTestLedger, type TestLedger } from '../ledger/testing/connectTestLedger.ts';
import type { MemberDirectory } from './MemberDirectory.ts';
import { type NodeKey, nodeKeyFromHex } from './NodeKey.ts';
import { MemoryNonceCache } from './NonceCache.ts';
import { registryMemberDirectory } from './registryMemberDirectory.ts';
import { NotAMemberNodeError } from './requestSignatureErrors.ts';
import { signRequest } from './signRequest.ts';
import { verifyMemberRequest } from './verifyMemberRequest.ts';

async function ledgerClientFor(test: TestLedger, walletIndex: number): Promise<LedgerClient> {
  const url = process.env.CADUCEUS_TEST_RPC_URL;
  const transport: Transport = url ? http(url) : inProcessTransport(test.embedded as EmbeddedChain);
  const account = test.wallets[walletIndex]?.account;
  if (account?.type !== 'local') throw new Error(`wallet ${walletIndex} has no local account`);
  return createLedgerClient({ transport, account: account as LocalAccount });
}

const randomNodeKey = () => nodeKeyFromHex(bytesToHex(randomBytes(32)));
const url = 'https://alpha.example/fhir/R4/$record-locator';

describe('verifyMemberRequest against the ConsortiumRegistry on the embedded chain', () => {
  let test: TestLedger;
  let alpha: LedgerClient;
  let beta: LedgerClient;
  let contracts: LedgerContracts;
  let asBeta: LedgerContracts;
  let directory: MemberDirectory;
  const nodes = { alpha: randomNodeKey(), beta: randomNodeKey(), gamma: randomNodeKey() };

  beforeAll(async () => {
    test = await connectTestLedger({ accounts: 3 });
    alpha = await ledgerClientFor(test, 0);
    beta = await ledgerClientFor(test, 1);
    const founder = (index: number, node: NodeKey, name: string, roles: number) => ({
      account: test.wallets[index]?.account.address ?? '0x',
      node: node.address,
      name,
      serviceUrl: `https://${name.toLowerCase()}.example`,
      roles,
    });
    const deployment = await deployContracts(alpha, {
      founders: [
        founder(0, nodes.alpha, 'Alpha', ConsortiumRole.HOSPITAL),
        founder(1, nodes.beta, 'Beta', ConsortiumRole.CLINIC),
        founder(2, nodes.gamma, 'Gamma', ConsortiumRole.HOSPITAL),
      ],
    });
    contracts = getContracts(alpha, deployment);
    asBeta = getContracts(beta, deployment);
    directory = registryMemberDirectory(alpha.publicClient, deployment.contracts.ConsortiumRegistry);
  });

  afterAll(async () => {
    alpha?.close();
    beta?.close();
    await test?.close();
  });

  const verify = (key: NodeKey, requiredRole?: number) =>
    verifyMemberRequest(
      { method: 'POST', url, headers: signRequest({ method: 'POST', url, body: '{}' }, key), body: '{}' },
      { directory, nonces: new MemoryNonceCache(), ...(requiredRole === undefined ? {} : { requiredRole }) },
    );

  it('accepts a member node and resolves the member account it speaks for', async () => {
    const verified = await verify(nodes.alpha);
    expect(verified.node).toBe(nodes.alpha.address);
    expect(verified.member).toBe(test.wallets[0]?.account.address);
    expect((await verify(nodes.beta, ConsortiumRole.CLINIC)).member).toBe(test.wallets[1]?.account.address);
  });

  it('refuses a correctly signed request from a node the registry does not know', async () => {
    const stranger = randomNodeKey();
    await expect(verify(stranger)).rejects.toThrow(NotAMemberNodeError);
    expect(await directory.memberOf(stranger.address)).toBe('0x0000000000000000000000000000000000000000');
  });

  it('refuses a member whose role does not fit the call', async () => {
    await expect(verify(nodes.beta, ConsortiumRole.HOSPITAL)).rejects.toThrow(/lacks the role/);
  });

  it("stops accepting a member's old node key the block its node changes", async () => {
    const replacement = randomNodeKey();
    await contracts.ConsortiumRegistry.writeAndWait('updateNode', [replacement.address]);
    await expect(verify(nodes.alpha)).rejects.toThrow(NotAMemberNodeError);
    expect((await verify(replacement)).member).toBe(test.wallets[0]?.account.address);
  });

  it('refuses the node of a member suspended by vote', async () => {
    expect((await verify(nodes.gamma)).node).toBe(nodes.gamma.address);
    const gammaAccount = test.wallets[2]?.account.address ?? '0x';
    await contracts.ConsortiumRegistry.writeAndWait('proposeSuspension', [gammaAccount]);
    const proposalId = await contracts.ConsortiumRegistry.read.proposalCount();
    await asBeta.ConsortiumRegistry.writeAndWait('vote', [proposalId]);
    expect(await contracts.ConsortiumRegistry.read.isActiveMember([gammaAccount])).toBe(false);
    await expect(verify(nodes.gamma)).rejects.toThrow(NotAMemberNodeError);
  });
});
