import { describe, expect, it } from 'vitest';
import { ConsortiumRole } from '../ledger/contracts/consortiumRoles.ts';
import { MemoryMemberDirectory } from './MemberDirectory.ts';
import { nodeKeyFromHex } from './NodeKey.ts';
import { MemoryNonceCache } from './NonceCache.ts';
import { NotAMemberNodeError, RequestSignatureInvalidError } from './requestSignatureErrors.ts';
import { signRequest } from './signRequest.ts';
import { verifyMemberRequest } from './verifyMemberRequest.ts';

const member = nodeKeyFromHex('0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318');
const suspended = nodeKeyFromHex('0x8da4ef21b864d2cc526dbdb2a120bd2874c36c9d0a1fb7f8c63d7f7a8b41de8f');
const stranger = nodeKeyFromHex('0x0123456789012345678901234567890123456789012345678901234567890123');
const account = '0x00000000000000000000000000000000000000A1';
const now = () => Date.UTC(2025, 0, 1, 8);
const url = 'https://clinic.example/fhir/R4/Patient/1';

const directory = new MemoryMemberDirectory([
  { node: member.address, account, roles: ConsortiumRole.HOSPITAL, active: true },
  { node: suspended.address, account: '0x00000000000000000000000000000000000000b2', roles: 1, active: false },
]);

function request(key = member) {
  return { method: 'GET', url, headers: signRequest({ method: 'GET', url }, key, { now }) };
}

const verify = (req: ReturnType<typeof request>, requiredRole?: number) =>
  verifyMemberRequest(req, {
    directory,
    nonces: new MemoryNonceCache({ now }),
    now,
    ...(requiredRole === undefined ? {} : { requiredRole }),
  });

describe('verifyMemberRequest', () => {
  it('accepts an active member node and names its member account', async () => {
    const verified = await verify(request());
    expect(verified.node).toBe(member.address);
    expect(verified.member).toBe(account);
    expect((await verify(request(), ConsortiumRole.HOSPITAL)).member).toBe(account);
  });

  it('refuses a validly signed request from a node outside the consortium or of a suspended member', async () => {
    await expect(verify(request(stranger))).rejects.toThrow(NotAMemberNodeError);
    await expect(verify(request(suspended))).rejects.toThrow(NotAMemberNodeError);
  });

  it('refuses a member without the role the call needs', async () => {
    await expect(verify(request(), ConsortiumRole.REGULATOR)).rejects.toThrow(/lacks the role/);
  });

  it('checks the signature before asking the directory', async () => {
    const req = request();
    await expect(verify({ ...req, method: 'DELETE' })).rejects.toThrow(RequestSignatureInvalidError);
  });
});
