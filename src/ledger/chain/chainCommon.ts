import { paramsBlock } from '@ethereumjs/block';
import { Common, Hardfork, Mainnet, type ParamsDict } from '@ethereumjs/common';
import { paramsTx } from '@ethereumjs/tx';
import { chainCrypto } from './customCrypto.ts';

/** Hardforks up to and including cancun, all active from genesis; later forks are left out on purpose. */
const HARDFORKS = (() => {
  const last = Mainnet.hardforks.findIndex((hf) => hf.name === Hardfork.Cancun);
  return Mainnet.hardforks
    .slice(0, last + 1)
    .filter((hf) => hf.name !== Hardfork.MergeNetsplitBlock)
    .map((hf) =>
      hf.timestamp === undefined ? { name: hf.name, block: 0 } : { name: hf.name, block: null, timestamp: 0 },
    );
})();

/**
 * A `Common` that merges each parameter set once. ethereumjs copies the Common of every transaction and block
 * header it constructs and merges the tx/block parameters into the copy again, deep-copying them through JSON and
 * rebuilding the parameter cache (~0.09 ms per transaction, the largest cost of decoding one). A copy shares the
 * set of merged parameter objects (copies are `Object.assign`ed) and replaces it when it merges a new one, so a
 * copy never makes its original believe it has parameters it lacks.
 */
class ChainCommon extends Common {
  mergedParams: ReadonlySet<ParamsDict> = new Set();

  override updateParams(params: ParamsDict): void {
    if (this.mergedParams.has(params)) return;
    super.updateParams(params);
    this.mergedParams = new Set([...this.mergedParams, params]);
  }
}

/**
 * The `@ethereumjs/common` of an embedded chain: mainnet rules frozen at cancun from block 0 (solc output built
 * with `evmVersion: 'cancun'` runs unchanged), our chain id, and the native-crypto `customCrypto`.
 */
export function createChainCommon(chainId: bigint): Common {
  const common = new ChainCommon({
    chain: { ...Mainnet, name: `caduceus-${chainId}`, chainId: Number(chainId), hardforks: HARDFORKS },
    hardfork: Hardfork.Cancun,
    customCrypto: chainCrypto,
  });
  common.updateParams(paramsTx);
  common.updateParams(paramsBlock);
  return common;
}
