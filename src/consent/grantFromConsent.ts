import type { Consent, Reference } from '@medplum/fhirtypes';
import { type Address, type Hex, isAddress, isHex } from 'viem';
import { ConsentMappingError } from './consentErrors.ts';
import { consentFhirSystems as sys } from './consentFhirSystems.ts';
import type { ConsentGrant } from './consentTypedData.ts';
import { PURPOSE_OF_USE_SYSTEM, purposesMaskOf } from './purposeOfUse.ts';
import { type ScopeLabel, scopeValueOf } from './scopeLabel.ts';
import { ScopeKind, type ScopeKindValue } from './scopeValues.ts';

/** What the Consent does not carry: the patient's next nonce and how long a relayer may submit the signature. */
export type GrantFromConsentOptions = {
  nonce: bigint;
  /** Last block second at which a relayer may submit the signature. */
  deadline: bigint;
  /** The patient's address when `Consent.patient` is a vault reference without an address identifier. */
  patient?: Address | undefined;
  /** Resolves an actor reference (e.g. `Organization/x`) to its on-chain address, when it has no address identifier. */
  resolveActor?: ((reference: Reference) => Address | undefined) | undefined;
};

/** An unsigned grant, and the plain text of its scope values (to remember for showing it later). */
export type GrantDraft = { grant: ConsentGrant; labels: ScopeLabel[] };

const MAX_UINT64 = 2n ** 64n - 1n;
const MAX_SCOPE_VALUES = 64;

/**
 * Turns a FHIR `Consent` a patient's app wrote into the unsigned `ConsentGrant` the patient signs: one permit
 * provision, one recipient actor, v3 PurposeOfUse purposes, and one kind of scope (`class` resource types, `code`
 * category codings, or `data` record references). Anything a single grant cannot express is refused with a
 * `ConsentMappingError` saying what to change, rather than silently granting something else.
 */
export function grantFromConsent(consent: Consent, options: GrantFromConsentOptions): GrantDraft {
  if (!['active', 'proposed', 'draft'].includes(consent.status)) {
    throw new ConsentMappingError(`A Consent with status "${consent.status}" cannot become a grant`, {
      details: ['Use status active (or proposed/draft for a grant still to be signed).'],
    });
  }
  const provision = consent.provision;
  if (!provision) throw new ConsentMappingError('Consent.provision is required: it says who may see what');
  if (provision.type !== undefined && provision.type !== 'permit') {
    throw new ConsentMappingError('Only permit provisions can be granted; leave out what is not permitted');
  }
  if (provision.provision?.length) {
    throw new ConsentMappingError(
      'Nested provisions cannot be expressed as one grant; submit one Consent per rule',
    );
  }
  const patient = options.patient ?? addressOf(consent.patient);
  if (!patient) {
    throw new ConsentMappingError('The patient has no address', {
      details: [`Give Consent.patient.identifier with system ${sys.address}, or pass the patient's address.`],
    });
  }
  const actors = provision.actor ?? [];
  if (actors.length !== 1) {
    throw new ConsentMappingError(`A grant names exactly one grantee; provision.actor has ${actors.length}`);
  }
  const actor = actors[0]?.reference;
  const grantee = actor ? (addressOf(actor) ?? options.resolveActor?.(actor)) : undefined;
  if (!grantee) {
    throw new ConsentMappingError('The grantee (provision.actor.reference) has no known address', {
      details: [`Give it an identifier with system ${sys.address}, or a reference this node can resolve.`],
    });
  }
  const purposeCodes = (provision.purpose ?? []).map((coding) => {
    if (coding.system !== undefined && coding.system !== PURPOSE_OF_USE_SYSTEM) {
      throw new ConsentMappingError(`provision.purpose system must be ${PURPOSE_OF_USE_SYSTEM}`);
    }
    return coding.code ?? '';
  });
  if (purposeCodes.length === 0)
    throw new ConsentMappingError('provision.purpose needs at least one purpose of use');
  const { kind, values, labels } = scopeOf(consent);
  return {
    grant: {
      patient,
      grantee,
      scopeKind: kind,
      scopeValues: values,
      purposes: purposesMaskOf(purposeCodes),
      notBefore: secondsOf(provision.period?.start, 'start') ?? 0n,
      expiresAt: secondsOf(provision.period?.end, 'end') ?? MAX_UINT64,
      nonce: options.nonce,
      deadline: options.deadline,
    },
    labels,
  };
}

function addressOf(reference: Reference | undefined): Address | undefined {
  const identifier = reference?.identifier;
  if (
    identifier?.system !== sys.address ||
    !identifier.value ||
    !isAddress(identifier.value, { strict: false })
  ) {
    return undefined;
  }
  return identifier.value as Address;
}

function secondsOf(value: string | undefined, field: string): bigint | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms))
    throw new ConsentMappingError(`provision.period.${field} "${value}" is not a dateTime`);
  return BigInt(Math.floor(ms / 1000));
}

function scopeOf(consent: Consent): { kind: ScopeKindValue; values: Hex[]; labels: ScopeLabel[] } {
  const provision = consent.provision ?? {};
  const present = [
    provision.class?.length ? ScopeKind.ResourceTypes : undefined,
    provision.code?.length ? ScopeKind.Categories : undefined,
    provision.data?.length ? ScopeKind.Records : undefined,
  ].filter((kind) => kind !== undefined);
  const [kind] = present;
  if (kind === undefined || present.length > 1) {
    throw new ConsentMappingError('Give exactly one of provision.class, provision.code or provision.data', {
      details: ['A grant covers resource types, or categories, or single records: one kind per Consent.'],
    });
  }
  const values: Hex[] = [];
  const labels: ScopeLabel[] = [];
  const add = (label: ScopeLabel | Hex) => {
    if (typeof label === 'string') values.push(label);
    else {
      values.push(scopeValueOf(label));
      labels.push(label);
    }
  };
  if (kind === ScopeKind.ResourceTypes) {
    for (const coding of provision.class ?? []) {
      if (coding.system === sys.scopeHash) add(hashOf(coding.code));
      else if (coding.system === sys.resourceTypes && coding.code) add({ kind, resourceType: coding.code });
      else throw new ConsentMappingError(`provision.class must use the system ${sys.resourceTypes}`);
    }
  } else if (kind === ScopeKind.Categories) {
    for (const coding of (provision.code ?? []).flatMap((concept) => concept.coding ?? [])) {
      if (coding.system === sys.scopeHash) add(hashOf(coding.code));
      else if (coding.system && coding.code) add({ kind, system: coding.system, code: coding.code });
      else throw new ConsentMappingError('Each provision.code coding needs a system and a code');
    }
  } else {
    for (const data of provision.data ?? []) {
      const { reference, identifier } = data.reference;
      if (identifier?.system === sys.scopeHash) add(hashOf(identifier.value));
      else {
        const [resourceType, id, ...rest] = reference?.split('/') ?? [];
        if (!resourceType || !id || rest.length > 0) {
          throw new ConsentMappingError(
            `provision.data.reference "${reference}" is not a relative Type/id reference`,
          );
        }
        add({ kind, resourceType, id });
      }
    }
  }
  if (values.length === 0 || values.length > MAX_SCOPE_VALUES) {
    throw new ConsentMappingError(
      `A grant names between 1 and ${MAX_SCOPE_VALUES} scope values, not ${values.length}`,
    );
  }
  return { kind, values, labels };
}

function hashOf(value: string | undefined): Hex {
  if (!value || !isHex(value) || value.length !== 66) {
    throw new ConsentMappingError(`"${value}" is not a 32-byte scope hash`);
  }
  return value.toLowerCase() as Hex;
}
