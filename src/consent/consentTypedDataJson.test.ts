import { getAddress } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { InvalidConsentMessageError } from './consentErrors.ts';
import { type ConsentGrant, consentDomain, grantTypedData, revocationTypedData } from './consentTypedData.ts';
import { consentMessageFromJson, consentTypedDataJson } from './consentTypedDataJson.ts';

const domain = consentDomain({
  chainId: 1337,
  verifyingContract: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
});
const patient = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d');
const grant: ConsentGrant = {
  patient: patient.address,
  grantee: getAddress('0x70997970c51812dc3a010c7d01b50e20d6ea8cd3'),
  scopeKind: 1,
  scopeValues: [`0x${'ab'.repeat(32)}`],
  purposes: 1,
  notBefore: 0n,
  expiresAt: 2n ** 64n - 1n,
  nonce: 7n,
  deadline: 1_900_000_000n,
};

describe('consentTypedDataJson', () => {
  it('round-trips grants and revocations through JSON (uint64 max as a decimal string)', async () => {
    const json = JSON.parse(JSON.stringify(consentTypedDataJson(grantTypedData(grant, domain))));
    expect(json.message.expiresAt).toBe('18446744073709551615');
    expect(json.types.EIP712Domain).toHaveLength(4);
    const message = consentMessageFromJson(JSON.stringify(json), domain);
    expect(message).toEqual({ kind: 'grant', grant });
    const revocation = { grantId: `0x${'cd'.repeat(32)}` as const, nonce: 8n, deadline: 5n };
    const back = consentMessageFromJson(
      consentTypedDataJson(revocationTypedData(revocation, domain)),
      domain,
    );
    expect(back).toEqual({ kind: 'revocation', revocation });
  });

  it('refuses another deployment, out-of-range integers and unknown types', () => {
    const json = consentTypedDataJson(grantTypedData(grant, domain));
    const other = consentDomain({ chainId: 1, verifyingContract: domain.verifyingContract });
    expect(() => consentMessageFromJson(json, other)).toThrow(/domain is not this node's ConsentRegistry/);
    const wide = { ...json, message: { ...json.message, purposes: 256 } };
    expect(() => consentMessageFromJson(wide, domain)).toThrow(/purposes does not fit uint8/);
    expect(() => consentMessageFromJson({ ...json, primaryType: 'Mail' }, domain)).toThrow(
      InvalidConsentMessageError,
    );
    expect(() => consentMessageFromJson('{', domain)).toThrow(/not JSON/);
  });
});
