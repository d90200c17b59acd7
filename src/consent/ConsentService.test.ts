import type { Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import type { LedgerClient } from '../ledger/client/createLedgerClient.ts';
import { TransactionRevertedError } from '../ledger/client/ledgerErrors.ts';
import { openSqliteDatabase } from '../ledger/indexer/openSqliteDatabase.ts';
import { ConsentIndex } from './ConsentIndex.ts';
import { ConsentService } from './ConsentService.ts';
import {
  ConsentRejectedError,
  ConsentSignatureError,
  InvalidConsentGrantError,
  UnknownConsentGrantError,
} from './consentErrors.ts';
import { type ConsentGrant, grantIdOf, grantTypedData } from './consentTypedData.ts';
import { resourceTypeScope, ScopeKind } from './scopeValues.ts';
import { testAddresses as a } from './testing/ConsentEventFactory.ts';

const patient = privateKeyToAccount(`0x${'22'.repeat(32)}`);
const stranger = privateKeyToAccount(`0x${'33'.repeat(32)}`);
const registry = '0x00000000000000000000000000000000000000C0';
const NOW = 1_700_000_000n;

/** A ledger stand-in: it records writes and answers them with `reply` (no chain in a unit test). */
function stubLedger(reply: () => Promise<unknown>) {
  const writes: unknown[] = [];
  const ledger = {
    chainId: 1337,
    writeAndWait: async (call: unknown) => {
      writes.push(call);
      return reply();
    },
    publicClient: { readContract: async () => 5n },
  };
  return { ledger: ledger as unknown as LedgerClient, writes };
}

function draft(overrides: Partial<ConsentGrant> = {}): ConsentGrant {
  return {
    patient: patient.address,
    grantee: a.hospital,
    scopeKind: ScopeKind.ResourceTypes,
    scopeValues: [resourceTypeScope('Observation')],
    purposes: 1,
    notBefore: 0n,
    expiresAt: NOW + 86_400n,
    nonce: 5n,
    deadline: NOW + 600n,
    ...overrides,
  };
}

const service = (ledger: LedgerClient, index?: ConsentIndex) =>
  new ConsentService({ ledger, registry, index, now: () => new Date(Number(NOW) * 1000) });

describe('ConsentService', () => {
  it('refuses terms the contract would refuse, listing each problem, without sending', async () => {
    const { ledger, writes } = stubLedger(async () => ({}));
    const grant = draft({ purposes: 64, scopeValues: [], expiresAt: NOW - 1n });
    const error = await service(ledger)
      .submitGrant(grant, await patient.signTypedData(grantTypedData(grant, service(ledger).domain)))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidConsentGrantError);
    expect((error as InvalidConsentGrantError).details).toHaveLength(3);
    expect(writes).toHaveLength(0);
  });

  it('refuses a signature by anyone but the patient, or over other terms, without sending', async () => {
    const { ledger, writes } = stubLedger(async () => ({}));
    const consent = service(ledger);
    const grant = draft();
    await expect(
      consent.submitGrant(grant, await stranger.signTypedData(grantTypedData(grant, consent.domain))),
    ).rejects.toBeInstanceOf(ConsentSignatureError);
    const signedOther = await patient.signTypedData(
      grantTypedData({ ...grant, purposes: 3 }, consent.domain),
    );
    await expect(consent.submitGrant(grant, signedOther)).rejects.toBeInstanceOf(ConsentSignatureError);
    await expect(consent.submitGrant(grant, '0x1234')).rejects.toBeInstanceOf(ConsentSignatureError);
    expect(writes).toHaveLength(0);
  });

  it('refuses a signature past its deadline', async () => {
    const { ledger } = stubLedger(async () => ({}));
    const consent = service(ledger);
    const grant = draft({ deadline: NOW - 1n });
    const error = await consent
      .submitGrant(grant, await patient.signTypedData(grantTypedData(grant, consent.domain)))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ConsentRejectedError', errorName: 'ConsentSignatureExpired' });
  });

  it('turns contract reverts into consent errors a caller can act on', async () => {
    const cases: [string, new (...args: never[]) => Error][] = [
      ['ConsentInvalidNonce', ConsentRejectedError],
      ['ConsentUnknownGrant', UnknownConsentGrantError],
      ['ConsentWrongSigner', ConsentSignatureError],
    ];
    for (const [errorName, type] of cases) {
      const { ledger } = stubLedger(async () => {
        throw new TransactionRevertedError({ errorName, args: [] });
      });
      const consent = service(ledger);
      const grant = draft();
      const error = await consent
        .submitGrant(grant, await patient.signTypedData(grantTypedData(grant, consent.domain)))
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(type);
    }
  });

  it('drafts a grant from a FHIR Consent with the next nonce and a deadline, remembering the scope text', async () => {
    const { ledger } = stubLedger(async () => ({}));
    const index = new ConsentIndex(openSqliteDatabase(':memory:'));
    const consent = service(ledger, index);
    const drafted = await consent.draftFromConsent(
      {
        resourceType: 'Consent',
        status: 'proposed',
        scope: { text: 'privacy' },
        category: [{ text: 'consent' }],
        provision: {
          actor: [{ role: { text: 'recipient' }, reference: { reference: 'Organization/h' } }],
          purpose: [{ code: 'TREAT' }],
          data: [{ meaning: 'instance', reference: { reference: 'Observation/lab-9' } }],
        },
      },
      { patient: patient.address, resolveActor: () => a.hospital, validForSeconds: 120 },
    );
    expect(drafted.grant).toMatchObject({ nonce: 5n, deadline: NOW + 120n, scopeKind: ScopeKind.Records });
    expect(drafted.grantId).toBe(grantIdOf(drafted.grant, consent.domain));
    expect(drafted.typedData.primaryType).toBe('ConsentGrant');
    expect(index.scopeLabel(drafted.grant.scopeValues[0] as Hex)).toEqual({
      kind: ScopeKind.Records,
      resourceType: 'Observation',
      id: 'lab-9',
    });
  });
});
