import { concat, encodeAbiParameters, type Hex, keccak256, recoverTypedDataAddress, stringToHex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import {
  type ConsentGrant,
  consentDomain,
  grantIdOf,
  grantTypedData,
  revocationDigestOf,
  revocationTypedData,
} from './consentTypedData.ts';

const patient = privateKeyToAccount(`0x${'11'.repeat(32)}`);
const domain = consentDomain({
  chainId: 31_337,
  verifyingContract: '0x00000000000000000000000000000000000000C0',
});
const grant: ConsentGrant = {
  patient: patient.address,
  grantee: '0x00000000000000000000000000000000000000B1',
  scopeKind: 0,
  scopeValues: [keccak256(stringToHex('Observation')), keccak256(stringToHex('Condition'))],
  purposes: 3,
  notBefore: 0n,
  expiresAt: 1_800_000_000n,
  nonce: 4n,
  deadline: 1_700_003_600n,
};

/** The contract's own derivation (ConsentRegistry.grantIdOf + OpenZeppelin EIP712), written out with abi.encode. */
function solidityGrantId(message: ConsentGrant, chainId: number): Hex {
  const typeHash = keccak256(
    stringToHex(
      'ConsentGrant(address patient,address grantee,uint8 scopeKind,bytes32[] scopeValues,uint8 purposes,' +
        'uint64 notBefore,uint64 expiresAt,uint256 nonce,uint64 deadline)',
    ),
  );
  const structHash = keccak256(
    encodeAbiParameters(
      [
        'bytes32',
        'address',
        'address',
        'uint8',
        'bytes32',
        'uint8',
        'uint64',
        'uint64',
        'uint256',
        'uint64',
      ].map((type) => ({ type })),
      [
        typeHash,
        message.patient,
        message.grantee,
        message.scopeKind,
        keccak256(concat([...message.scopeValues])),
        message.purposes,
        message.notBefore,
        message.expiresAt,
        message.nonce,
        message.deadline,
      ],
    ),
  );
  const domainSeparator = keccak256(
    encodeAbiParameters(
      [
        { type: 'bytes32' },
        { type: 'bytes32' },
        { type: 'bytes32' },
        { type: 'uint256' },
        { type: 'address' },
      ],
      [
        keccak256(
          stringToHex('EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)'),
        ),
        keccak256(stringToHex('Caduceus ConsentRegistry')),
        keccak256(stringToHex('1')),
        BigInt(chainId),
        domain.verifyingContract,
      ],
    ),
  );
  return keccak256(concat(['0x1901', domainSeparator, structHash]));
}

describe('consentTypedData', () => {
  it('computes grant ids exactly as the contract derives them', () => {
    expect(grantIdOf(grant, domain)).toBe(solidityGrantId(grant, 31_337));
  });

  it('binds the id to the chain, the deployment and every field', () => {
    const id = grantIdOf(grant, domain);
    const elsewhere = consentDomain({ chainId: 1, verifyingContract: domain.verifyingContract });
    expect(grantIdOf(grant, elsewhere)).not.toBe(id);
    expect(
      grantIdOf(grant, { ...domain, verifyingContract: '0x00000000000000000000000000000000000000C1' }),
    ).not.toBe(id);
    expect(grantIdOf({ ...grant, nonce: 5n }, domain)).not.toBe(id);
    expect(grantIdOf({ ...grant, scopeValues: [...grant.scopeValues].reverse() }, domain)).not.toBe(id);
  });

  it('produces typed data a wallet signs and the signer recovers from', async () => {
    const signature = await patient.signTypedData(grantTypedData(grant, domain));
    expect(await recoverTypedDataAddress({ ...grantTypedData(grant, domain), signature })).toBe(
      patient.address,
    );
    const revocation = { grantId: grantIdOf(grant, domain), nonce: 5n, deadline: 1_700_003_600n };
    const revocationSignature = await patient.signTypedData(revocationTypedData(revocation, domain));
    expect(
      await recoverTypedDataAddress({
        ...revocationTypedData(revocation, domain),
        signature: revocationSignature,
      }),
    ).toBe(patient.address);
    expect(revocationDigestOf(revocation, domain)).toMatch(/^0x[0-9a-f]{64}$/);
  });
});
