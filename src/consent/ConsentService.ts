import type { Consent } from '@medplum/fhirtypes';
import { type Address, type Hash, type Hex, parseEventLogs, verifyTypedData, zeroAddress } from 'viem';
import type { LedgerClient } from '../ledger/client/createLedgerClient.ts';
import { TransactionRevertedError } from '../ledger/client/ledgerErrors.ts';
import { consentRegistryAbi } from '../ledger/contracts/generated/ConsentRegistry.ts';
import type { ConsentIndex } from './ConsentIndex.ts';
import {
  ConsentRejectedError,
  ConsentSignatureError,
  InvalidConsentGrantError,
  UnknownConsentGrantError,
} from './consentErrors.ts';
import { consentResourceOf } from './consentResourceOf.ts';
import {
  type ConsentDomain,
  type ConsentGrant,
  type ConsentRevocation,
  consentDomain,
  grantIdOf,
  grantTypedData,
  revocationTypedData,
} from './consentTypedData.ts';
import { toSeconds } from './grantCoverage.ts';
import { type GrantFromConsentOptions, grantFromConsent } from './grantFromConsent.ts';

/** What the service needs: the node's ledger client (it pays the gas), the registry, and the index to keep in step. */
export type ConsentServiceOptions = {
  ledger: LedgerClient;
  /** The ConsentRegistry address of this deployment. */
  registry: Address;
  /** Waits until a block is indexed, so decisions right after a submission already see it (the EventIndexer). */
  indexer?: { waitFor(block: bigint, options?: { timeoutMs?: number }): Promise<void> } | undefined;
  /** Where scope labels are remembered and grants are read for FHIR (the indexer's ConsentIndex). */
  index?: ConsentIndex | undefined;
  /** The clock for deadlines and local checks (injected in tests). */
  now?: (() => Date) | undefined;
};

/** A grant or revocation the chain accepted, and where. */
export type SubmittedConsent = { grantId: Hex; blockNumber: bigint; transactionHash: Hash };

const MAX_SCOPE_VALUES = 64;
const ALL_PURPOSES = 0b11111;

/**
 * Relays patients' signed consent to the chain. Patients hold their keys: the node never signs for them, it drafts
 * the message, checks the patient's EIP-712 signature off chain (so a bad one fails at once with a typed error
 * instead of costing a transaction), submits through its nonce-managed ledger client, and waits until the indexer has
 * the block, so the very next decision sees the change.
 */
export class ConsentService {
  readonly domain: ConsentDomain;
  readonly #o: ConsentServiceOptions;
  readonly #now: () => Date;

  constructor(options: ConsentServiceOptions) {
    this.#o = options;
    this.#now = options.now ?? (() => new Date());
    this.domain = consentDomain({ chainId: options.ledger.chainId, verifyingContract: options.registry });
  }

  /** The patient's next nonce on chain (what the next grant or revocation must carry). */
  nextNonce(patient: Address): Promise<bigint> {
    return this.#o.ledger.publicClient.readContract({
      address: this.#o.registry,
      abi: consentRegistryAbi,
      functionName: 'nonces',
      args: [patient],
    });
  }

  /**
   * Drafts the grant a FHIR `Consent` describes with the patient's next nonce and a deadline `validForSeconds` from
   * now, and returns what the patient's app signs; the scope's plain text is remembered for showing it later.
   */
  async draftFromConsent(
    consent: Consent,
    options: Omit<GrantFromConsentOptions, 'nonce' | 'deadline'> & {
      patient: Address;
      validForSeconds?: number;
    },
  ) {
    const nonce = await this.nextNonce(options.patient);
    const deadline = toSeconds(this.#now()) + BigInt(options.validForSeconds ?? 3600);
    const { grant, labels } = grantFromConsent(consent, { ...options, nonce, deadline });
    for (const label of labels) this.#o.index?.rememberScope(label);
    return { grant, grantId: grantIdOf(grant, this.domain), typedData: grantTypedData(grant, this.domain) };
  }

  /** Drafts a revocation with the patient's next nonce, and returns what the patient's app signs. */
  async draftRevocation(patient: Address, grantId: Hex, validForSeconds = 3600) {
    const revocation: ConsentRevocation = {
      grantId,
      nonce: await this.nextNonce(patient),
      deadline: toSeconds(this.#now()) + BigInt(validForSeconds),
    };
    return { revocation, typedData: revocationTypedData(revocation, this.domain) };
  }

  /** Checks terms and signature off chain, submits the grant, waits until it is indexed; returns its id. */
  async submitGrant(grant: ConsentGrant, signature: Hex): Promise<SubmittedConsent> {
    this.#checkTerms(grant);
    const valid = await verifyTypedData({
      address: grant.patient,
      ...grantTypedData(grant, this.domain),
      signature,
    }).catch(() => false);
    if (!valid) throw signatureError('grant', grant.patient);
    const grantId = grantIdOf(grant, this.domain);
    const receipt = await this.#write(() =>
      this.#o.ledger.writeAndWait({
        address: this.#o.registry,
        abi: consentRegistryAbi,
        functionName: 'grant',
        args: [grant, signature],
      }),
    );
    const [event] = parseEventLogs({
      abi: consentRegistryAbi,
      logs: receipt.logs,
      eventName: 'ConsentGranted',
    });
    if (event?.args.grantId !== grantId) {
      throw new ConsentRejectedError('The registry recorded a different grant than the one signed', {
        details: [`Expected ${grantId}, got ${event?.args.grantId ?? 'no ConsentGranted event'}`],
      });
    }
    await this.#o.indexer?.waitFor(receipt.blockNumber, { timeoutMs: 30_000 });
    return { grantId, blockNumber: receipt.blockNumber, transactionHash: receipt.transactionHash };
  }

  /** Checks the patient's signature off chain, submits the revocation, waits until it is indexed. */
  async submitRevocation(revocation: ConsentRevocation, signature: Hex): Promise<SubmittedConsent> {
    const stored = await this.#o.ledger.publicClient
      .readContract({
        address: this.#o.registry,
        abi: consentRegistryAbi,
        functionName: 'getGrant',
        args: [revocation.grantId],
      })
      .catch((error: unknown) => {
        throw new UnknownConsentGrantError(`No grant ${revocation.grantId} on chain`, { cause: error });
      });
    if (stored.revokedAt !== 0n) {
      throw new ConsentRejectedError(`Grant ${revocation.grantId} is already revoked`, {
        errorName: 'ConsentAlreadyRevoked',
        args: [revocation.grantId, stored.revokedAt],
      });
    }
    if (toSeconds(this.#now()) > revocation.deadline) throw deadlinePassed(revocation.deadline);
    const valid = await verifyTypedData({
      address: stored.patient,
      ...revocationTypedData(revocation, this.domain),
      signature,
    }).catch(() => false);
    if (!valid) throw signatureError('revocation', stored.patient);
    const receipt = await this.#write(() =>
      this.#o.ledger.writeAndWait({
        address: this.#o.registry,
        abi: consentRegistryAbi,
        functionName: 'revoke',
        args: [revocation.grantId, revocation.nonce, revocation.deadline, signature],
      }),
    );
    await this.#o.indexer?.waitFor(receipt.blockNumber, { timeoutMs: 30_000 });
    return {
      grantId: revocation.grantId,
      blockNumber: receipt.blockNumber,
      transactionHash: receipt.transactionHash,
    };
  }

  /** The FHIR `Consent` of an indexed grant (undefined when the index does not have it), judged at `at`. */
  consentOf(grantId: Hex, at: Date = this.#now(), patientReference?: string): Consent | undefined {
    const index = this.#o.index;
    const grant = index?.grant(grantId);
    if (!index || !grant) return undefined;
    return consentResourceOf(grant, {
      chainId: this.domain.chainId,
      registry: this.#o.registry,
      at,
      labelOf: (value) => index.scopeLabel(value),
      patientReference,
    });
  }

  /** The contract's `_checkTerms` and deadline, off chain, so the patient hears what to fix before gas is spent. */
  #checkTerms(grant: ConsentGrant): void {
    const now = toSeconds(this.#now());
    const problems: string[] = [];
    if (grant.grantee === zeroAddress) problems.push('The grantee is the zero address');
    if (grant.purposes === 0 || (grant.purposes & ~ALL_PURPOSES) !== 0) {
      problems.push(`Purposes ${grant.purposes} must be a non-empty mask of bits 1, 2, 4, 8, 16`);
    }
    if (grant.scopeValues.length === 0 || grant.scopeValues.length > MAX_SCOPE_VALUES) {
      problems.push(`A grant names 1 to ${MAX_SCOPE_VALUES} scope values, not ${grant.scopeValues.length}`);
    }
    if (grant.expiresAt <= grant.notBefore || grant.expiresAt <= now) {
      problems.push(
        'The validity window is empty or already over (expiresAt must be after notBefore and now)',
      );
    }
    if (problems.length > 0)
      throw new InvalidConsentGrantError('The grant would be refused', { details: problems });
    if (now > grant.deadline) throw deadlinePassed(grant.deadline);
  }

  async #write<T>(send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      if (!(error instanceof TransactionRevertedError)) throw error;
      throw rejected(error);
    }
  }
}

function signatureError(what: string, patient: Address): ConsentSignatureError {
  return new ConsentSignatureError(`The ${what} is not signed by the patient ${patient}`, {
    details: [
      'Sign the EIP-712 message exactly as drafted, with the patient key, for this chain and registry.',
    ],
  });
}

function deadlinePassed(deadline: bigint): ConsentRejectedError {
  return new ConsentRejectedError(`The signature's deadline (${deadline}) has passed; draft and sign again`, {
    errorName: 'ConsentSignatureExpired',
    args: [deadline],
  });
}

const explanations: Record<string, string> = {
  ConsentInvalidNonce:
    'The signature carries a stale or future nonce (replayed, or another grant came first); sign again',
  ConsentSignatureExpired: "The signature's deadline passed before it was mined; sign again",
  ConsentAlreadyRevoked: 'The grant is already revoked',
  ConsentUnknownGrant: 'No such grant',
  ConsentWrongSigner: 'The signature is not the patient’s',
  ConsentInvalidSignature: 'The signature is malformed',
  ConsentInvalidGrantee: 'The grantee is invalid',
  ConsentInvalidPurposes: 'The purposes are invalid',
  ConsentInvalidScope: 'The scope is invalid',
  ConsentInvalidPeriod: 'The validity window is empty or already over',
};

function rejected(error: TransactionRevertedError): Error {
  const name = error.errorName;
  const message =
    (name && explanations[name]) ?? `The consent registry refused the transaction (${name ?? 'unknown'})`;
  if (name === 'ConsentUnknownGrant') return new UnknownConsentGrantError(message, { cause: error });
  if (name === 'ConsentWrongSigner' || name === 'ConsentInvalidSignature') {
    return new ConsentSignatureError(message, { cause: error });
  }
  return new ConsentRejectedError(message, { errorName: name, args: error.args, cause: error });
}
