import { createTx, type TypedTransaction } from '@ethereumjs/tx';
import { bytesToHex, hexToBytes } from '@ethereumjs/util';
import { describe, expect, it } from 'vitest';
import { createChainCommon } from './chainCommon.ts';
import { devAccounts } from './devAccounts.ts';
import { Mempool } from './Mempool.ts';

const common = createChainCommon(1337n);
type Signer = { key: Uint8Array; address: Uint8Array };
const signers = devAccounts(2).map(
  (a): Signer => ({ key: hexToBytes(a.privateKey), address: hexToBytes(a.address) }),
);
const alice = signers[0] as Signer;
const bob = signers[1] as Signer;

function tx(who: Signer, nonce: number, tip = 1n): TypedTransaction {
  return createTx(
    {
      type: 2,
      nonce,
      gasLimit: 21_000n,
      maxFeePerGas: 10n ** 10n,
      maxPriorityFeePerGas: tip,
      to: who?.address,
    },
    { common },
  ).sign(who.key);
}

describe('Mempool', () => {
  it('orders executable transactions by arrival, keeps each sender in nonce order, and holds gaps', () => {
    const pool = new Mempool(100);
    const name = (sender: string) => (sender === bytesToHex(bob.address) ? 'bob' : 'alice');
    const order = () => pool.executable(10).map((p) => `${name(p.sender)}:${p.tx.nonce}`);
    pool.add(tx(alice, 1), alice.address, 0n); // gap: waits for nonce 0
    pool.add(tx(bob, 0), bob.address, 0n);
    expect(order()).toEqual(['bob:0']);
    expect(pool.hasExecutable()).toBe(true);
    pool.add(tx(alice, 0), alice.address, 0n); // fills the gap and pulls nonce 1 after it
    expect(order()).toEqual(['bob:0', 'alice:0', 'alice:1']);
    expect(pool.executable(2)).toHaveLength(2);
  });

  it('rejects stale nonces, underpriced replacements and a full pool; tracks sealed nonces', () => {
    const pool = new Mempool(2);
    const sender = alice.address;
    const first = pool.add(tx(alice, 0), sender, 0n);
    expect(() => pool.add(tx(alice, 0, 1n), sender, 0n)).not.toThrow(); // same hash: idempotent
    expect(() => pool.add(tx(alice, 0, 2n), sender, 0n)).toThrow(/replacement transaction underpriced/);
    pool.add(tx(alice, 1), sender, 0n);
    expect(() => pool.add(tx(alice, 2), sender, 0n)).toThrow(/transaction pool is full/);
    expect(pool.pendingNonce(first.sender, 0n)).toBe(2n);
    pool.removeSealed([first]);
    expect(pool.size).toBe(1);
    expect(() => pool.add(tx(alice, 0, 5n), sender, 1n)).toThrow(/nonce too low/);
  });
});
