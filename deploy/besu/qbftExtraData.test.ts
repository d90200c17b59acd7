import { getAddress, type Hex } from 'viem';
import { describe, expect, it } from 'vitest';
import { decodeQbftExtraData, encodeQbftExtraData, QbftExtraDataError } from './qbftExtraData.ts';

const zeroVanity = `0x${'00'.repeat(32)}` as Hex;
/** Joins the wrapped lines of a long hex vector. */
const hex = (...parts: string[]) => parts.join('') as Hex;

// Known-good vectors, copied from Besu's own sources (not computed by this code):
// 1. Besu's CLI test of `besu rlp encode --type=QBFT_EXTRA_DATA` (test `canEncodeToQbftExtraData`) in
//    github.com/hyperledger/besu (now besu-eth/besu) app/src/test/java/org/hyperledger/besu/cli/subcommands/rlp/RLPSubCommandTest.java
//    (besu/src/test/... in older trees); the same file's IBFT vector shows the different IBFT layout.
const besuCliValidators = [
  '0xbe068f726a13c8d46c44be6ce9d275600e1735a4',
  '0x5ff6f4b66a46a2b2310a6f3a93aaddc0d9a1c193',
];
const besuCliExtraData = hex(
  '0xf84fa00000000000000000000000000000000000000000000000000000000000000000ea94be068f726a13c8d' +
    '46c44be6ce9d275600e1735a4945ff6f4b66a46a2b2310a6f3a93aaddc0d9a1c193c080c0',
);

// 2. The 4-validator QBFT genesis example of the Besu documentation, "Configure QBFT consensus" → Genesis file
//    (github.com/hyperledger/besu-docs docs/private-networks/how-to/configure/consensus/qbft.md).
const besuDocsValidators = [
  '0x64a702e6263b7297a96638cac6ae65e6541f4169',
  '0x3923390ad55e90c237593b3b0e401f3b08a03185',
  '0xaefdb9a738c9f433e5b6b212a6d62f6370c2f692',
  '0xc7eeb9a4e00ce683cf93039b212648e01c6c6b78',
];
const besuDocsExtraData = hex(
  '0xf87aa00000000000000000000000000000000000000000000000000000000000000000f8549464a702e6263b7297a96638cac6ae65e65' +
    '41f4169943923390ad55e90c237593b3b0e401f3b08a0318594aefdb9a738c9f433e5b6b212a6d62f6370c2f69294c7eeb9a4e00ce683cf9' +
    '3039b212648e01c6c6b78c080c0',
);

// 3. The same page's contract-validator-selection genesis: no validators in the header at all.
const besuDocsEmptyExtraData: Hex =
  '0xe5a00000000000000000000000000000000000000000000000000000000000000000c0c080c0';

// 4. Besu's codec unit test with every field populated (vanity 0x01..0x20, validators 0x..01 and 0x..02, an ADD vote
//    for 0x..01, round 0xFEDCBA, two seals (r=1,s=10,v=0) and (r=10,s=1,v=0)): `RAW_HEX_ENCODING_STRING` in
//    besu-eth/besu consensus/qbft/src/test/java/org/hyperledger/besu/consensus/qbft/QbftExtraDataCodecTest.java.
const besuCodecFullExtraData = hex(
  '0xf8f0a00102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20ea940000000000000000' +
    '000000000000000000000001940000000000000000000000000000000000000002d7940000000000000000' +
    '00000000000000000000000181ff83fedcbaf886b841000000000000000000000000000000000000000000' +
    '0000000000000000000001000000000000000000000000000000000000000000000000000000000000000a' +
    '00b841000000000000000000000000000000000000000000000000000000000000000a0000000000000000' +
    '00000000000000000000000000000000000000000000000100',
);

const word = (n: number) => n.toString(16).padStart(64, '0');
const address = (n: number) => `0x${n.toString(16).padStart(40, '0')}` as Hex;

describe('QBFT extraData', () => {
  it('encodes a validator list exactly as `besu rlp encode --type=QBFT_EXTRA_DATA` does', () => {
    expect(encodeQbftExtraData({ validators: besuCliValidators as Hex[] })).toBe(besuCliExtraData);
    expect(encodeQbftExtraData({ validators: besuDocsValidators as Hex[] })).toBe(besuDocsExtraData);
    expect(encodeQbftExtraData({ validators: [] })).toBe(besuDocsEmptyExtraData);
  });

  it('decodes the Besu vectors back to the validators in the order written', () => {
    const decoded = decodeQbftExtraData(besuDocsExtraData);
    expect(decoded.validators).toEqual(besuDocsValidators.map((v) => getAddress(v)));
    expect(decoded).toMatchObject({ vanity: zeroVanity, vote: undefined, round: 0, seals: [] });
    expect(decodeQbftExtraData(besuCliExtraData).validators).toEqual(
      besuCliValidators.map((v) => getAddress(v)),
    );
  });

  it('round-trips Besu’s fully populated codec vector (vote, round, seals)', () => {
    const vanity =
      `0x${Array.from({ length: 32 }, (_, i) => (i + 1).toString(16).padStart(2, '0')).join('')}` as Hex;
    const seals = [`0x${word(1)}${word(10)}00`, `0x${word(10)}${word(1)}00`] as Hex[];
    const decoded = decodeQbftExtraData(besuCodecFullExtraData);
    expect(decoded).toEqual({
      vanity,
      validators: [getAddress(address(1)), getAddress(address(2))],
      vote: { recipient: getAddress(address(1)), add: true },
      round: 0xfedcba,
      seals,
    });
    expect(encodeQbftExtraData(decoded)).toBe(besuCodecFullExtraData);
  });

  it('encodes a drop vote as 0x00 and decodes it back', () => {
    const extraData = encodeQbftExtraData({
      validators: [address(1)],
      vote: { recipient: address(2), add: false },
      round: 1,
    });
    expect(decodeQbftExtraData(extraData)).toMatchObject({
      vote: { recipient: getAddress(address(2)), add: false },
      round: 1,
    });
  });

  it('rejects what is not QBFT extraData', () => {
    // The IBFT 2.0 layout from the same Besu CLI test: the round is 4 fixed bytes and the vote is not a list.
    const ibft = hex(
      '0xf853a00000000000000000000000000000000000000000000000000000000000000000ea94be068f726a13c8d' +
        '46c44be6ce9d275600e1735a4945ff6f4b66a46a2b2310a6f3a93aaddc0d9a1c193808400000000c0',
    );
    expect(() => decodeQbftExtraData(ibft)).toThrow(QbftExtraDataError);
    expect(() => decodeQbftExtraData('0xzz' as Hex)).toThrow(QbftExtraDataError);
    expect(() => decodeQbftExtraData('0xc0')).toThrow(/5 items/);
    expect(() => encodeQbftExtraData({ validators: [], vanity: '0x00' })).toThrow(/32 bytes/);
  });
});
