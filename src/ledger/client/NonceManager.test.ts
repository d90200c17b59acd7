import { describe, expect, it } from 'vitest';
import { NonceManager } from './NonceManager.ts';

const address = '0x00000000000000000000000000000000000000aa';

function managerAt(count: number): {
  nonces: NonceManager;
  setCount: (n: number) => void;
  calls: () => number;
} {
  let pending = count;
  let calls = 0;
  const nonces = new NonceManager(address, async () => {
    calls += 1;
    return pending;
  });
  return {
    nonces,
    setCount: (n) => {
      pending = n;
    },
    calls: () => calls,
  };
}

describe('NonceManager', () => {
  it('starts from the pending count and hands out distinct consecutive nonces synchronously', async () => {
    const { nonces } = managerAt(5);
    expect(() => nonces.reserve()).toThrow(/before resync/);
    await nonces.resync();
    const handed = Array.from({ length: 200 }, () => nonces.reserve());
    expect(handed).toEqual(Array.from({ length: 200 }, (_, i) => 5 + i));
  });

  it('shares one request between concurrent resyncs', async () => {
    const { nonces, calls } = managerAt(0);
    await Promise.all([nonces.resync(), nonces.resync(), nonces.resync()]);
    expect(calls()).toBe(1);
  });

  it('hands a released nonce out again before any fresh one, so no gap is left', async () => {
    const { nonces } = managerAt(0);
    await nonces.resync();
    const [a, b, c] = [nonces.reserve(), nonces.reserve(), nonces.reserve()];
    nonces.accepted(a);
    nonces.release(b);
    nonces.accepted(c);
    expect(nonces.gaps()).toEqual([1]);
    expect(nonces.reserve()).toBe(1);
    expect(nonces.gaps()).toEqual([]);
    expect(nonces.reserve()).toBe(3);
  });

  it('reports no gap for a released nonce above everything accepted', async () => {
    const { nonces } = managerAt(0);
    await nonces.resync();
    nonces.accepted(nonces.reserve());
    const last = nonces.reserve();
    nonces.release(last);
    expect(nonces.gaps()).toEqual([]);
    expect(nonces.reserve()).toBe(last);
  });

  it('jumps ahead when another sender used the key', async () => {
    const { nonces, setCount } = managerAt(0);
    await nonces.resync();
    const first = nonces.reserve();
    nonces.consumed(first);
    setCount(10);
    await nonces.resync();
    expect(nonces.reserve()).toBe(10);
  });

  it('does not reissue nonces the node holds or that are being sent', async () => {
    const { nonces, setCount } = managerAt(0);
    await nonces.resync();
    const [n0, n1, n2, n3] = [nonces.reserve(), nonces.reserve(), nonces.reserve(), nonces.reserve()];
    nonces.accepted(n0);
    nonces.accepted(n1);
    nonces.accepted(n3); // n2 is still in flight
    // The node mined n0 and lost n1 and n3 from its pool; the book still believes n3 is held.
    setCount(1);
    await nonces.resync();
    expect(nonces.inspect().free).toEqual([]);
    nonces.release(n2);
    expect(nonces.reserve()).toBe(2);
    expect(nonces.reserve()).toBe(4);
  });

  it('recover() reissues nonces the node lost from its pool', async () => {
    const { nonces, setCount } = managerAt(0);
    await nonces.resync();
    for (let i = 0; i < 4; i++) nonces.accepted(nonces.reserve());
    setCount(1); // nonce 0 mined; 1..3 vanished with the node's pool
    await nonces.resync();
    expect(nonces.inspect().free).toEqual([]);
    await nonces.recover();
    expect([nonces.reserve(), nonces.reserve(), nonces.reserve(), nonces.reserve()]).toEqual([1, 2, 3, 4]);
  });

  it('forgets everything a receipt proves mined', async () => {
    const { nonces } = managerAt(0);
    await nonces.resync();
    for (let i = 0; i < 5; i++) nonces.accepted(nonces.reserve());
    nonces.mined(3);
    expect(nonces.inspect().accepted).toBe(1);
  });

  it('does not trust a pending count older than a receipt it has seen', async () => {
    const { nonces, setCount } = managerAt(0);
    await nonces.resync();
    for (let i = 0; i < 3; i++) nonces.accepted(nonces.reserve());
    nonces.mined(2);
    setCount(0); // a stale answer, read before the block with nonce 2
    await nonces.resync();
    expect(nonces.inspect().free).toEqual([]);
    expect(nonces.reserve()).toBe(3);
  });

  it('lets a gap filler claim a released nonce only once', async () => {
    const { nonces } = managerAt(0);
    await nonces.resync();
    const a = nonces.reserve();
    nonces.accepted(nonces.reserve());
    nonces.release(a);
    expect(nonces.claim(a)).toBe(true);
    expect(nonces.claim(a)).toBe(false);
    expect(nonces.reserve()).toBe(2);
  });
});
