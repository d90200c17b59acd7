import type { Address, Hex } from 'viem';
import type { ConsentIndex, IndexedGrant } from './ConsentIndex.ts';
import {
  type ConsentResource,
  checkGrant,
  type GrantCheck,
  grantCheckRank,
  grantScopeKeys,
  type ScopeKey,
  scopeKeysOf,
  timeCheck,
  toSeconds,
} from './grantCoverage.ts';
import { PermittedFilter } from './PermittedFilter.ts';
import { type PurposeOfUse, type PurposeOfUseCode, parsePurposeOfUse } from './purposeOfUse.ts';

/** How the custodian treats its own clinicians: they need the patient's grant too, or treatment implies consent. */
export type CustodianPolicy = 'consent-required' | 'implied-for-treatment';

/** Who asks, for what purpose, and when; shared by `decide` and `permittedFilter`. */
export type ConsentRequester = {
  /** The requester's on-chain identities (the practitioner's and the organisation's): a grant to any one applies. */
  grantee: Address | readonly Address[];
  /** The `X-Purpose-Of-Use` code (parsed here, so an unknown code throws `InvalidPurposeOfUseError`). */
  purposeOfUse: PurposeOfUseCode | PurposeOfUse | string;
  /** Mandatory, non-empty, for ETREAT (break-the-glass). */
  breakTheGlassReason?: string | undefined;
  /** The decision time (an injected clock), compared with grants in block seconds. */
  at: Date;
  /** The custodian's policy for its own clinicians (default `consent-required`). */
  custodianPolicy?: CustodianPolicy | undefined;
  /** The requester is one of the custodian's own treating clinicians. */
  ownClinician?: boolean | undefined;
};

/** One access to decide: a requester, a patient, a resource. */
export type ConsentRequest = ConsentRequester & { patient: Address; resource: ConsentResource };

/** Why a decision came out as it did. */
export type ConsentDecisionReason =
  | 'granted'
  | 'implied-for-treatment'
  | 'break-the-glass'
  | 'break-the-glass-reason-missing'
  | 'no-grant'
  | 'wrong-grantee'
  | Exclude<GrantCheck, 'covers'>;

/** The outcome, ready for the audit trail; `reason` may reveal that grants exist, so show it to the patient only. */
export type ConsentDecision = {
  decision: 'permit' | 'deny';
  reason: ConsentDecisionReason;
  /** The grant that permits (or, for a break-the-glass read, a treatment grant that would have). */
  grantId?: Hex;
  breakTheGlass: boolean;
  purposeOfUse: PurposeOfUseCode;
  /** A sentence for logs and the patient's access list (never patient data). */
  message: string;
};

const messages: Record<ConsentDecisionReason, string> = {
  granted: 'A patient grant in force covers this access',
  'implied-for-treatment': "The custodian's policy implies consent for its own clinicians' treatment",
  'break-the-glass': 'Emergency access (break-the-glass) with a stated reason',
  'break-the-glass-reason-missing': 'Break-the-glass (ETREAT) needs a non-empty reason',
  'no-grant': 'The patient has granted no consent',
  'wrong-grantee': "The patient's grants name other grantees",
  'wrong-scope': "No grant to this requester covers this resource's type, category or record",
  'wrong-purpose': 'No grant to this requester allows this purpose of use',
  'not-yet-valid': 'The covering grant is not in force yet',
  expired: 'The covering grant has expired',
  revoked: 'The covering grant was revoked',
};

/**
 * The policy decision point. Every answer comes from the consent index (the chain's grants up to the indexer's
 * cursor), never from a chain call, with the contract's rules: all requested purpose bits, scope kind and value,
 * `notBefore` inclusive, `expiresAt` exclusive, revocation effective from its block on.
 */
export class ConsentDecider {
  constructor(private readonly index: ConsentIndex) {}

  /** Decides one access. Throws `InvalidPurposeOfUseError` for an unknown purpose; otherwise always answers. */
  decide(request: ConsentRequest): ConsentDecision {
    const purpose =
      typeof request.purposeOfUse === 'string'
        ? parsePurposeOfUse(request.purposeOfUse)
        : request.purposeOfUse;
    const grantees = new Set(asList(request.grantee).map((a) => a.toLowerCase()));
    const grants = this.index.grantsOf(request.patient);
    const scopeKeys = new Set<string>(scopeKeysOf(request.resource));
    const atSeconds = toSeconds(request.at);
    let best: { check: GrantCheck; grantId: Hex } | undefined;
    for (const grant of grants) {
      if (!grantees.has(grant.grantee)) continue;
      const check = checkGrant(grant, { purposeBit: purpose.bit, scopeKeys, atSeconds });
      if (!best || grantCheckRank[check] > grantCheckRank[best.check])
        best = { check, grantId: grant.grantId };
      if (check === 'covers') break;
    }
    const covering = best?.check === 'covers' ? best.grantId : undefined;
    const answer = (
      decision: 'permit' | 'deny',
      reason: ConsentDecisionReason,
      grantId: Hex | undefined,
    ): ConsentDecision => ({
      decision,
      reason,
      ...(grantId ? { grantId } : {}),
      breakTheGlass: purpose.breakTheGlass,
      purposeOfUse: purpose.code,
      message: messages[reason],
    });

    if (purpose.breakTheGlass) {
      return request.breakTheGlassReason?.trim()
        ? answer('permit', 'break-the-glass', covering)
        : answer('deny', 'break-the-glass-reason-missing', undefined);
    }
    if (covering) return answer('permit', 'granted', covering);
    if (impliedForTreatment(request, purpose)) return answer('permit', 'implied-for-treatment', undefined);
    if (best) return answer('deny', best.check as Exclude<GrantCheck, 'covers'>, undefined);
    return answer('deny', grants.length > 0 ? 'wrong-grantee' : 'no-grant', undefined);
  }

  /**
   * What a search may return, for `patients` (the patients the search is about, e.g. from `patient=`), or for every
   * patient who granted this requester anything when omitted. Break-the-glass needs `patients`.
   */
  permittedFilter(
    requester: ConsentRequester & { patients?: readonly Address[] | undefined },
  ): PermittedFilter {
    const purpose =
      typeof requester.purposeOfUse === 'string'
        ? parsePurposeOfUse(requester.purposeOfUse)
        : requester.purposeOfUse;
    const btg = purpose.breakTheGlass;
    if (btg && !requester.breakTheGlassReason?.trim()) {
      return new PermittedFilter('none', 'break-the-glass-reason-missing', true, []);
    }
    if (btg && !requester.patients?.length) {
      return new PermittedFilter('none', 'break-the-glass-needs-patient', true, []);
    }
    if (btg) return new PermittedFilter('all', 'break-the-glass', true, [], new Map(), requester.patients);
    if (impliedForTreatment(requester, purpose)) {
      return new PermittedFilter('all', 'implied-for-treatment', false, [], new Map(), requester.patients);
    }
    const atSeconds = toSeconds(requester.at);
    const scopes = new Map<string, Set<ScopeKey>>();
    const grantIds: Hex[] = [];
    for (const grant of this.index.grantsTo(asList(requester.grantee), requester.patients)) {
      if (!inForceFor(grant, purpose.bit, atSeconds)) continue;
      grantIds.push(grant.grantId);
      const keys = scopes.get(grant.patient) ?? new Set<ScopeKey>();
      for (const key of grantScopeKeys(grant)) keys.add(key);
      scopes.set(grant.patient, keys);
    }
    return new PermittedFilter(
      grantIds.length > 0 ? 'scoped' : 'none',
      grantIds.length > 0 ? 'granted' : undefined,
      false,
      grantIds,
      scopes,
      requester.patients,
    );
  }
}

function asList(grantee: Address | readonly Address[]): readonly Address[] {
  return typeof grantee === 'string' ? [grantee] : (grantee as readonly Address[]);
}

function impliedForTreatment(requester: ConsentRequester, purpose: PurposeOfUse): boolean {
  return (
    requester.ownClinician === true &&
    requester.custodianPolicy === 'implied-for-treatment' &&
    purpose.code === 'TREAT'
  );
}

/** The purpose and time parts of `checkGrant`, independent of any resource. */
function inForceFor(grant: IndexedGrant, purposeBit: number, atSeconds: bigint): boolean {
  return (
    purposeBit !== 0 &&
    (grant.purposes & purposeBit) === purposeBit &&
    timeCheck(grant, atSeconds) === 'covers'
  );
}
