import type { Bundle, Consent, Parameters } from '@medplum/fhirtypes';
import { type Address, type Hex, isHex } from 'viem';
import { outcomes } from '../fhir/operationOutcome.ts';
import { validateResource } from '../fhir/validateResource.ts';
import type { AccessContext, RecordInteraction } from '../records/service/AccessPolicy.ts';
import type { AuditSink } from '../records/service/AuditSink.ts';
import { AccessDeniedError, FhirOutcomeError } from '../records/service/errors.ts';
import { pageLinks } from '../records/service/pageLinks.ts';
import { type AuditNote, recordAccess } from '../records/service/recordAccess.ts';
import type { ConsentIndex } from './ConsentIndex.ts';
import type { ConsentService } from './ConsentService.ts';
import { consentFhirSystems } from './consentFhirSystems.ts';
import { consentRefusal } from './consentRefusal.ts';
import { consentIdOfGrant, grantIdOfConsentId } from './consentResourceId.ts';
import { consentMessageFromJson, consentTypedDataJson } from './consentTypedDataJson.ts';
import { operationParameters } from './operationParameters.ts';

/** What the operations are built from; lookups are injected so nothing here knows HTTP or the vault. */
export type ConsentFhirOperationsOptions = {
  consent: ConsentService;
  index: ConsentIndex;
  /** Where each submission, revocation, read and list is recorded (the node's `AuditService`). */
  audit: AuditSink;
  /** The address of `Patient/<id>` (its `urn:caduceus:ethereum-address` identifier), if it has one. */
  patientAddressOf: (reference: string) => Promise<Address | undefined>;
  /** The SMART scope bound (the node's `smartScopeCheck`). */
  scopeAllows: (ctx: AccessContext, resourceType: string, interaction: RecordInteraction) => boolean;
  baseUrl: string;
  now?: () => number;
};

/** A patient's consent list: whose, which status, which page, and the parameters for the paging links. */
export type ConsentListQuery = {
  patient?: string | undefined;
  status?: 'active' | 'inactive' | undefined;
  count: number;
  offset: number;
  params: readonly (readonly [string, string])[];
};

const MIN_VALID_SECONDS = 60;
const MAX_VALID_SECONDS = 86_400;
const denied = (reason: string) => new AccessDeniedError(outcomes.forbidden(reason));

/**
 * Consent the FHIR way, for a patient's app that holds the patient's key: `$draft` turns a FHIR `Consent` into the
 * EIP-712 grant to sign, `$submit` relays the signed grant (the signature is what authorises; `ConsentService`
 * checks it before spending gas) and answers with the `Consent` that mirrors it on chain; `$draft-revocation` /
 * `$revoke` do the same for a revocation; `read` and `search` show every indexed grant as a `Consent`, however it
 * reached the chain. A token with a `patient` claim acts for that patient only; another caller (a relaying app)
 * needs the SMART scope. Results are FHIR resources; refusals are `FhirOutcomeError`s.
 */
export class ConsentFhirOperations {
  readonly #o: ConsentFhirOperationsOptions;
  readonly #now: () => number;

  constructor(options: ConsentFhirOperationsOptions) {
    this.#o = { ...options, baseUrl: options.baseUrl.replace(/\/+$/, '') };
    this.#now = options.now ?? Date.now;
  }

  /** `Consent/$draft`: a `Consent` (or `Parameters` with `consent` and `validForSeconds`) → the typed data to sign. */
  async draft(ctx: AccessContext, body: unknown): Promise<Parameters> {
    this.#requireScope(ctx, 'create');
    const isParameters = (body as { resourceType?: unknown } | null)?.resourceType === 'Parameters';
    const input = isParameters
      ? operationParameters('$draft', body, ['consent', 'validForSeconds'])
      : undefined;
    const validated = validateResource(input ? input.resource('consent') : body, { resourceType: 'Consent' });
    if (!validated.ok) throw new FhirOutcomeError({ status: validated.status, outcome: validated.outcome });
    const consent = validated.resource as Consent;
    const patient = await this.#patientOfDraft(ctx, consent);
    const validForSeconds = validFor(input?.integer('validForSeconds'));
    const drafted = await this.#consentCall(() =>
      this.#o.consent.draftFromConsent(consent, {
        patient,
        ...(validForSeconds === undefined ? {} : { validForSeconds }),
      }),
    );
    return draftParameters(drafted.grantId, consentTypedDataJson(drafted.typedData), drafted.grant.deadline);
  }

  /** `Consent/$submit`: `Parameters` with `typedData` (as drafted) and `signature` → the on-chain `Consent`. */
  submit(ctx: AccessContext, body: unknown): Promise<Consent> {
    return this.#audited(ctx, 'create', undefined, async (note) => {
      this.#requireScope(ctx, 'create');
      const { message, signature } = this.#signed('$submit', body);
      if (message.kind !== 'grant')
        throw new FhirOutcomeError(outcomes.invalid('$submit takes a ConsentGrant; use $revoke to revoke'));
      await this.#confine(ctx, message.grant.patient);
      const { grantId } = await this.#consentCall(() =>
        this.#o.consent.submitGrant(message.grant, signature),
      );
      note({ id: consentIdOfGrant(grantId), entities: [`Consent/${consentIdOfGrant(grantId)}`] });
      return this.#consentResource(ctx, grantId);
    });
  }

  /** `Consent/[id]/$draft-revocation`: the revocation of a grant, to sign (`Parameters`: `validForSeconds`). */
  async draftRevocation(ctx: AccessContext, id: string, body: unknown): Promise<Parameters> {
    this.#requireScope(ctx, 'update');
    const input = operationParameters('$draft-revocation', body, ['validForSeconds']);
    const grant = this.#o.index.grant(this.#grantId(id));
    if (!grant) throw new FhirOutcomeError(outcomes.notFound('Consent', id));
    await this.#confine(ctx, grant.patient);
    const drafted = await this.#consentCall(() =>
      this.#o.consent.draftRevocation(
        grant.patient,
        grant.grantId,
        validFor(input.integer('validForSeconds')),
      ),
    );
    const typedData = consentTypedDataJson(drafted.typedData);
    return draftParameters(grant.grantId, typedData, drafted.revocation.deadline);
  }

  /** `Consent/[id]/$revoke`: `Parameters` with the signed revocation → the `Consent`, now inactive. */
  revoke(ctx: AccessContext, id: string, body: unknown): Promise<Consent> {
    return this.#audited(ctx, 'update', id, async (note) => {
      this.#requireScope(ctx, 'update');
      const grantId = this.#grantId(id);
      const { message, signature } = this.#signed('$revoke', body);
      if (message.kind !== 'revocation')
        throw new FhirOutcomeError(
          outcomes.invalid('$revoke takes a ConsentRevocation; use $submit to grant'),
        );
      if (message.revocation.grantId !== grantId) {
        throw new FhirOutcomeError(
          outcomes.invalid(
            `The signed revocation is for grant ${message.revocation.grantId}, not Consent/${id}`,
          ),
        );
      }
      const grant = this.#o.index.grant(grantId);
      if (!grant) throw new FhirOutcomeError(outcomes.notFound('Consent', id));
      await this.#confine(ctx, grant.patient);
      await this.#consentCall(() => this.#o.consent.submitRevocation(message.revocation, signature));
      note({ entities: [`Consent/${consentIdOfGrant(grantId)}`] });
      return this.#consentResource(ctx, grantId);
    });
  }

  /** `GET Consent/[id]` for a grant id: the grant as a `Consent`, judged now. */
  read(ctx: AccessContext, id: string): Promise<Consent> {
    return this.#audited(ctx, 'read', id, async (note) => {
      this.#requireScope(ctx, 'read');
      const grantId = this.#grantId(id);
      const grant = this.#o.index.grant(grantId);
      if (!grant) throw new FhirOutcomeError(outcomes.notFound('Consent', id));
      await this.#confine(ctx, grant.patient);
      note({ entities: [`Consent/${consentIdOfGrant(grantId)}`] });
      return this.#consentResource(ctx, grantId);
    });
  }

  /** `GET Consent?patient=…`: the patient's grants as `Consent`s, oldest first, filtered before paging. */
  search(ctx: AccessContext, query: ConsentListQuery): Promise<Bundle> {
    const patient = query.patient ?? ctx.patient;
    return this.#audited(ctx, 'search', undefined, async (note) => {
      this.#requireScope(ctx, 'search');
      if (!patient) {
        throw new FhirOutcomeError(
          outcomes.invalid('Consent search needs patient=Patient/<id> (consent is listed per patient)'),
        );
      }
      note({ patients: [patient] });
      if (ctx.patient && ctx.patient !== patient)
        throw denied(`This token acts for ${ctx.patient} and cannot list ${patient}'s consent`);
      const address = await this.#o.patientAddressOf(patient);
      const at = new Date(this.#now());
      const all: Consent[] = [];
      for (const grant of address ? this.#o.index.grantsOf(address) : []) {
        const consent = this.#o.consent.consentOf(grant.grantId, at, patient);
        if (consent && (query.status === undefined || consent.status === query.status))
          all.push({ ...consent, id: consentIdOfGrant(grant.grantId) });
      }
      const page = all.slice(query.offset, query.offset + query.count);
      note({ entities: page.map((consent) => `Consent/${consent.id}`) });
      return {
        resourceType: 'Bundle',
        type: 'searchset',
        total: all.length,
        link: pageLinks(`${this.#o.baseUrl}/Consent`, query.params, {
          offset: query.offset,
          count: query.count,
          total: all.length,
        }),
        entry: page.map((consent) => ({
          fullUrl: `${this.#o.baseUrl}/Consent/${consent.id}`,
          resource: consent,
          search: { mode: 'match' as const },
        })),
      };
    });
  }

  #audited<T>(
    ctx: AccessContext,
    action: RecordInteraction,
    id: string | undefined,
    work: (note: (details: AuditNote) => void) => Promise<T>,
  ): Promise<T> {
    return recordAccess(
      this.#o.audit,
      this.#now,
      ctx,
      { action, resourceType: 'Consent', ...(id === undefined ? {} : { id }) },
      (note) => {
        if (ctx.patient) note({ patients: [ctx.patient] });
        return work(note);
      },
    );
  }

  #requireScope(ctx: AccessContext, interaction: RecordInteraction): void {
    if (!this.#o.scopeAllows(ctx, 'Consent', interaction))
      throw denied(`The token's scopes do not allow ${interaction} on Consent`);
  }

  #grantId(id: string): Hex {
    const grantId = grantIdOfConsentId(id);
    if (!grantId) throw new FhirOutcomeError(outcomes.notFound('Consent', id));
    return grantId;
  }

  /** A patient's token may only act on that patient's grants; its Patient must carry the address to compare. */
  async #confine(ctx: AccessContext, grantPatient: Address): Promise<void> {
    if (!ctx.patient) return;
    const own = await this.#o.patientAddressOf(ctx.patient);
    if (!own) {
      throw denied(
        `${ctx.patient} has no ${consentFhirSystems.address} identifier, so it holds no grants here; ask the custodian to add the patient's address`,
      );
    }
    if (own.toLowerCase() !== grantPatient.toLowerCase())
      throw denied(`This token acts for ${ctx.patient}; the grant is another patient's`);
  }

  /** The patient a drafted Consent names (`Patient/<id>` or an address identifier), or the token's own. */
  async #patientOfDraft(ctx: AccessContext, consent: Consent): Promise<Address> {
    const reference = consent.patient?.reference;
    const named = reference
      ? await this.#o.patientAddressOf(reference)
      : ((consent.patient?.identifier?.system === consentFhirSystems.address
          ? (consent.patient.identifier.value as Address | undefined)
          : undefined) ?? (ctx.patient ? await this.#o.patientAddressOf(ctx.patient) : undefined));
    if (!named) {
      throw new FhirOutcomeError(
        outcomes.invalid(
          `Consent.patient has no address: reference a Patient with a ${consentFhirSystems.address} identifier, or give that identifier`,
          ['Consent.patient'],
        ),
      );
    }
    await this.#confine(ctx, named);
    return named;
  }

  #signed(operation: string, body: unknown) {
    const input = operationParameters(operation, body, ['typedData', 'signature']);
    const typedData = input.string('typedData');
    const signature = input.string('signature');
    if (typedData === undefined || signature === undefined)
      throw new FhirOutcomeError(outcomes.invalid(`${operation} needs the typedData and its signature`));
    if (!isHex(signature) || signature.length < 132)
      throw new FhirOutcomeError(
        outcomes.invalid(`${operation}: signature must be a 0x… 65-byte hex string`),
      );
    try {
      return {
        message: consentMessageFromJson(typedData, this.#o.consent.domain),
        signature: signature as Hex,
      };
    } catch (error) {
      throw consentRefusal(error);
    }
  }

  #consentResource(ctx: AccessContext, grantId: Hex): Consent {
    const consent = this.#o.consent.consentOf(grantId, new Date(this.#now()), ctx.patient);
    if (!consent) throw new FhirOutcomeError(outcomes.notFound('Consent', consentIdOfGrant(grantId)));
    return { ...consent, id: consentIdOfGrant(grantId) };
  }

  async #consentCall<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw consentRefusal(error);
    }
  }
}

function validFor(seconds: number | undefined): number | undefined {
  if (seconds === undefined) return undefined;
  if (seconds < MIN_VALID_SECONDS || seconds > MAX_VALID_SECONDS) {
    throw new FhirOutcomeError(
      outcomes.invalid(`validForSeconds must be ${MIN_VALID_SECONDS}..${MAX_VALID_SECONDS}, not ${seconds}`),
    );
  }
  return seconds;
}

function draftParameters(grantId: Hex, typedData: unknown, deadline: bigint): Parameters {
  return {
    resourceType: 'Parameters',
    parameter: [
      { name: 'grantId', valueString: grantId },
      { name: 'consentId', valueString: consentIdOfGrant(grantId) },
      { name: 'typedData', valueString: JSON.stringify(typedData) },
      { name: 'deadline', valueInstant: new Date(Number(deadline) * 1000).toISOString() },
    ],
  };
}
