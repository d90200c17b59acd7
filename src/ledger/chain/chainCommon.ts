import { type Common, createCustomCommon, Hardfork, Mainnet } from '@ethereumjs/common';
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
 * The `@ethereumjs/common` of an embedded chain: mainnet rules frozen at cancun from block 0 (solc output built
 * with `evmVersion: 'cancun'` runs unchanged), our chain id, and the native-crypto `customCrypto`.
 */
export function createChainCommon(chainId: bigint): Common {
  return createCustomCommon(
    { name: `caduceus-${chainId}`, chainId: Number(chainId), hardforks: HARDFORKS },
    Mainnet,
    { hardfork: Hardfork.Cancun, customCrypto: chainCrypto },
  );
}
