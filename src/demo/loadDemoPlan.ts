import type { Bundle, OperationOutcome } from '@medplum/fhirtypes';
import type { Address, Hex } from 'viem';
import { BaseError } from '../errors.ts';
import { rewriteReferences } from '../records/service/rewriteReferences.ts';
import type { DemoPlan } from './planDemo.ts';

/** One organisation's FHIR API as the loader uses it: its base URL and a practitioner's bearer token. */
export type DemoTarget = { slug: string; fhirBaseUrl: string; token: string };

/** A demo patient after loading: their key and their Patient id at each organisation that holds their records. */
export type DemoRosterEntry = {
  label: string;
  privateKey: Hex;
  address: Address;
  /** Organisation slug → `Patient/<id>` in that organisation's vault. */
  records: Record<string, string>;
};

/** How far loading has come, in resources. */
export type DemoProgress = { loaded: number; total: number };

/** An organisation refused a demo transaction; the details are the OperationOutcome's diagnostics. */
export class DemoLoadError extends BaseError {
  override name = 'DemoLoadError';
}

/** Posts one transaction Bundle to a FHIR base and returns the transaction-response Bundle. */
export async function postTransaction(target: DemoTarget, bundle: Bundle): Promise<Bundle> {
  const response = await fetch(target.fhirBaseUrl, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${target.token}`,
      'content-type': 'application/fhir+json',
      accept: 'application/fhir+json',
      'x-purpose-of-use': 'TREAT',
    },
    body: JSON.stringify(bundle),
  });
  const body = (await response.json().catch(() => undefined)) as Bundle | OperationOutcome | undefined;
  if (response.status !== 200 || body?.resourceType !== 'Bundle') {
    const issues = body?.resourceType === 'OperationOutcome' ? body.issue : [];
    throw new DemoLoadError(`${target.slug} refused a demo transaction (HTTP ${response.status})`, {
      details: issues.slice(0, 5).map((issue) => issue.diagnostics ?? issue.code),
    });
  }
  return body;
}

/**
 * Writes a patient's transaction in two: the Patient first, then everything else with its references pointing at
 * the Patient's id. The vault links a record to its patient's consent address when it indexes the record, from the
 * stored Patient; a record written in the same transaction as its Patient would be indexed before that Patient is
 * readable and end up reachable by no grant (see the demo README).
 */
async function postPatientTransaction(target: DemoTarget, bundle: Bundle): Promise<string | undefined> {
  const entries = bundle.entry ?? [];
  const patientEntry = entries.find((e) => e.resource?.resourceType === 'Patient');
  if (!patientEntry) {
    await postTransaction(target, bundle);
    return undefined;
  }
  const created = await postTransaction(target, { ...bundle, entry: [patientEntry] });
  const location = created.entry?.[0]?.response?.location;
  const match = location ? /^Patient\/([^/]+)/.exec(location) : null;
  const reference = match?.[1] ? `Patient/${match[1]}` : undefined;
  const rest = entries.filter((e) => e !== patientEntry);
  const links = new Map(patientEntry.fullUrl && reference ? [[patientEntry.fullUrl, reference]] : []);
  if (rest.length > 0) await postTransaction(target, { ...bundle, entry: rewriteReferences(rest, links) });
  return reference;
}

/**
 * Loads a plan through each organisation's FHIR API, one transaction per patient and organisation: staff first,
 * then the patients, organisations in parallel and each one's transactions in order. Reports progress after every
 * transaction and returns the roster of patients with their ids at each organisation.
 */
export async function loadDemoPlan(
  plan: DemoPlan,
  targets: readonly DemoTarget[],
  onProgress: (progress: DemoProgress) => void = () => {},
): Promise<DemoRosterEntry[]> {
  const total = [...plan.staff.values(), ...plan.loads].reduce(
    (sum, item) => sum + (item.bundle.entry?.length ?? 0),
    0,
  );
  let loaded = 0;
  const roster = new Map<string, DemoRosterEntry>(
    plan.patients.map((p) => [
      p.label,
      { label: p.label, privateKey: p.privateKey, address: p.address, records: {} },
    ]),
  );
  await Promise.all(
    targets.map(async (target) => {
      const staff = plan.staff.get(target.slug);
      const queue = [
        ...(staff ? [{ bundle: staff.bundle, patient: undefined }] : []),
        ...plan.loads.filter((load) => load.slug === target.slug),
      ];
      for (const { bundle, patient } of queue) {
        const id = await postPatientTransaction(target, bundle);
        const entry = patient ? roster.get(patient.label) : undefined;
        if (entry && id) entry.records[target.slug] = id;
        loaded += bundle.entry?.length ?? 0;
        onProgress({ loaded, total });
      }
    }),
  );
  return [...roster.values()];
}
