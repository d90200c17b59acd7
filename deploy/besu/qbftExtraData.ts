import { decode, encode, type NestedUint8Array } from '@ethereumjs/rlp';
import { type Address, bytesToHex, getAddress, type Hex, hexToBytes } from 'viem';
import { BaseError } from '../../src/errors.ts';

/** The header `extraData` of a QBFT block, field by field as Besu's `QbftExtraDataCodec` lays it out. */
export type QbftExtraData = {
  /** 32 bytes the proposer may fill freely; zero in a generated genesis. */
  vanity: Hex;
  /** The validator set in the order written (Besu's own blocks and docs use ascending address order). */
  validators: Address[];
  /** A pending validator vote carried by the block, if any (`add` true for Besu's 0xff, false for 0x00). */
  vote: { recipient: Address; add: boolean } | undefined;
  round: number;
  /** 65-byte committer seals (r ‖ s ‖ recovery id); empty in a genesis block. */
  seals: Hex[];
};

/** Raw `extraData` that is not a well-formed QBFT structure. */
export class QbftExtraDataError extends BaseError {
  override name = 'QbftExtraDataError';
}

const VOTE_ADD = 0xff;
const VOTE_DROP = 0x00;

/**
 * RLP([vanity, [validators], vote or [], round, [seals]]), byte for byte what `besu rlp encode --type=QBFT_EXTRA_DATA`
 * writes for a validator list (zero vanity, no vote, round 0 as the empty string, no seals).
 */
export function encodeQbftExtraData(data: {
  validators: readonly Address[];
  vanity?: Hex;
  vote?: QbftExtraData['vote'];
  round?: number;
  seals?: readonly Hex[];
}): Hex {
  const vanity = hexToBytes(data.vanity ?? `0x${'00'.repeat(32)}`);
  if (vanity.length !== 32)
    throw new QbftExtraDataError(`QBFT vanity must be 32 bytes, got ${vanity.length}`);
  const round = data.round ?? 0;
  if (!Number.isInteger(round) || round < 0 || round > 0xffffffff) {
    throw new QbftExtraDataError(`QBFT round must be a 32-bit unsigned integer, got ${round}`);
  }
  const vote = data.vote
    ? [addressBytes(data.vote.recipient), Uint8Array.of(data.vote.add ? VOTE_ADD : VOTE_DROP)]
    : [];
  return bytesToHex(
    encode([
      vanity,
      data.validators.map(addressBytes),
      vote,
      // Besu writes the round with writeIntScalar: minimal big-endian, so round 0 is the empty string (0x80).
      round === 0 ? new Uint8Array(0) : round,
      (data.seals ?? []).map((seal) => hexToBytes(seal)),
    ]),
  );
}

/** Decodes a QBFT `extraData` (genesis or sealed block); throws `QbftExtraDataError` when it is not one. */
export function decodeQbftExtraData(extraData: Hex): QbftExtraData {
  let decoded: Uint8Array | NestedUint8Array;
  try {
    decoded = decode(hexToBytes(extraData));
  } catch (error) {
    throw new QbftExtraDataError('extraData is not valid RLP', { cause: error });
  }
  if (!Array.isArray(decoded) || decoded.length !== 5) {
    throw new QbftExtraDataError('QBFT extraData must be an RLP list of 5 items');
  }
  const [vanity, validators, vote, round, seals] = decoded;
  if (!(vanity instanceof Uint8Array) || vanity.length !== 32) {
    throw new QbftExtraDataError('QBFT extraData vanity must be 32 bytes');
  }
  if (!Array.isArray(validators) || !Array.isArray(vote) || !Array.isArray(seals)) {
    throw new QbftExtraDataError('QBFT extraData validators, vote and seals must be lists');
  }
  if (!(round instanceof Uint8Array) || round.length > 4 || round[0] === 0) {
    throw new QbftExtraDataError('QBFT extraData round must be a minimal 32-bit integer');
  }
  return {
    vanity: bytesToHex(vanity),
    validators: validators.map((item) => toAddress(item)),
    vote: decodeVote(vote),
    round: round.reduce((value, byte) => value * 256 + byte, 0),
    seals: seals.map((seal) => {
      if (!(seal instanceof Uint8Array) || seal.length !== 65) {
        throw new QbftExtraDataError('QBFT committer seals must be 65 bytes');
      }
      return bytesToHex(seal);
    }),
  };
}

function decodeVote(vote: unknown[]): QbftExtraData['vote'] {
  if (vote.length === 0) return undefined;
  const [recipient, type] = vote;
  if (vote.length !== 2 || !(type instanceof Uint8Array) || type.length !== 1) {
    throw new QbftExtraDataError('QBFT vote must be [recipient, 0xff | 0x00]');
  }
  if (type[0] !== VOTE_ADD && type[0] !== VOTE_DROP) {
    throw new QbftExtraDataError(`QBFT vote type must be 0xff (add) or 0x00 (drop), got ${type[0]}`);
  }
  return { recipient: toAddress(recipient), add: type[0] === VOTE_ADD };
}

function addressBytes(address: Address): Uint8Array {
  return hexToBytes(getAddress(address));
}

function toAddress(item: unknown): Address {
  if (!(item instanceof Uint8Array) || item.length !== 20) {
    throw new QbftExtraDataError('QBFT addresses must be 20 bytes');
  }
  return getAddress(bytesToHex(item));
}
