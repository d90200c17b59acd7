import type { Bundle, Consent, Parameters } from '@medplum/fhirtypes';
import { type FormEvent, useState } from 'react';
import { type Credentials, fhir, resourcesOf } from '../../lib/api.ts';
import { loadMembers } from '../../lib/members.ts';
import { patientAccount } from '../../lib/patientKey.ts';
import { useSession } from '../../lib/session.ts';
import { signTypedDataJson, type TypedDataJson } from '../../lib/signTypedDataJson.ts';
import { Loaded, Notice, Page, shortHex } from '../../lib/ui.tsx';
import { useAsync } from '../../lib/useAsync.ts';

const ADDRESS = 'urn:caduceus:ethereum-address';
const TYPES = [
  'Observation',
  'Condition',
  'Encounter',
  'MedicationRequest',
  'Immunization',
  'AllergyIntolerance',
  'DocumentReference',
  'Patient',
];
const PURPOSES: Record<string, string> = { TREAT: 'Treatment', HRESCH: 'Research', PUBHLTH: 'Public health' };

const param = (p: Parameters, name: string) => p.parameter?.find((x) => x.name === name)?.valueString ?? '';

/** $draft → sign in the browser → $submit (grants) or $draft-revocation → sign → $revoke. */
async function signAndSend(
  credentials: Credentials,
  draftPath: string,
  draftBody: unknown,
  submitPath: string,
  passphrase: string | undefined,
): Promise<void> {
  const account = await patientAccount(passphrase);
  const draft = await fhir<Parameters>(credentials, draftPath, 'TREAT', { method: 'POST', body: draftBody });
  const typedData = param(draft, 'typedData');
  const signature = await signTypedDataJson(account, JSON.parse(typedData) as TypedDataJson);
  await fhir(credentials, submitPath, 'TREAT', {
    method: 'POST',
    body: {
      resourceType: 'Parameters',
      parameter: [
        { name: 'typedData', valueString: typedData },
        { name: 'signature', valueString: signature },
      ],
    },
  });
}

/** The patient's grants (from the chain, as Consents), a form to grant access, and revocation. */
export function PatientConsents() {
  const { session } = useSession();
  const [message, setMessage] = useState<{ ok?: string; error?: string }>({});
  const [busy, setBusy] = useState(false);
  const [passphrase, setPassphrase] = useState('');
  const members = useAsync(loadMembers, []);
  const consents = useAsync(
    async () =>
      resourcesOf<Consent>(await fhir<Bundle>(session, `Consent?patient=Patient/${session?.patient}`)),
    [session?.token],
  );
  const nameOf = (address: string | undefined) =>
    members.value?.find((m) => m.account.toLowerCase() === address?.toLowerCase())?.name ?? shortHex(address);

  const act = async (work: () => Promise<void>, done: string) => {
    if (!session) return;
    setBusy(true);
    setMessage({});
    try {
      await work();
      setMessage({ ok: done });
      consents.reload();
    } catch (e) {
      setMessage({ error: e instanceof Error ? e.message : String(e) });
    } finally {
      setBusy(false);
    }
  };

  const grant = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const grantee = String(form.get('grantee'));
    const purpose = String(form.get('purpose'));
    const types = form.getAll('types').map(String);
    const expires = String(form.get('expires'));
    if (!session || types.length === 0) return setMessage({ error: 'Choose at least one kind of record' });
    const consent = {
      resourceType: 'Consent',
      status: 'active',
      scope: {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy' }],
      },
      category: [{ coding: [{ system: 'http://loinc.org', code: '59284-0' }] }],
      policyRule: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'OPTIN' }] },
      patient: { reference: `Patient/${session.patient}` },
      provision: {
        type: 'permit',
        period: { end: new Date(`${expires}T23:59:59Z`).toISOString() },
        actor: [
          {
            role: {
              coding: [
                { system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'IRCP' },
              ],
            },
            reference: { identifier: { system: ADDRESS, value: grantee } },
          },
        ],
        purpose: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: purpose }],
        class: types.map((code) => ({ system: 'http://hl7.org/fhir/resource-types', code })),
      },
    };
    void act(
      () => signAndSend(session, 'Consent/$draft', consent, 'Consent/$submit', passphrase || undefined),
      `Granted ${nameOf(grantee)} ${PURPOSES[purpose]?.toLowerCase()} access to ${types.join(', ')}`,
    );
  };

  const revoke = (consent: Consent) =>
    session &&
    act(
      () =>
        signAndSend(
          session,
          `Consent/${consent.id}/$draft-revocation`,
          { resourceType: 'Parameters' },
          `Consent/${consent.id}/$revoke`,
          passphrase || undefined,
        ),
      'Revoked: it stops applying from the next block',
    );

  const nextYear = new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);
  return (
    <Page
      title="My consents"
      intro="Who may see which of your records, and why. You sign every change with your key."
    >
      <label className="inline">
        Passphrase (to sign; not needed again this session)
        <input
          type="password"
          value={passphrase}
          onChange={(e) => setPassphrase(e.target.value)}
          autoComplete="current-password"
        />
      </label>
      <Notice error={message.error} ok={message.ok} />
      <Loaded
        state={consents}
        empty={(c) => c.length === 0}
        emptyText="You have not granted anyone access yet."
      >
        {(list) => (
          <table aria-label="My grants">
            <thead>
              <tr>
                <th scope="col">To</th>
                <th scope="col">Purpose</th>
                <th scope="col">Records</th>
                <th scope="col">Until</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((c) => {
                const to = c.provision?.actor?.[0]?.reference?.identifier?.value;
                return (
                  <tr key={c.id}>
                    <td>{nameOf(to)}</td>
                    <td>{c.provision?.purpose?.map((p) => PURPOSES[p.code ?? ''] ?? p.code).join(', ')}</td>
                    <td>{c.provision?.class?.map((x) => x.code ?? x.display).join(', ')}</td>
                    <td>{c.provision?.period?.end?.slice(0, 10) ?? '—'}</td>
                    <td>{c.status}</td>
                    <td>
                      {c.status === 'active' ? (
                        <button
                          type="button"
                          disabled={busy}
                          onClick={() => revoke(c)}
                          aria-label={`Revoke access for ${nameOf(to)}`}
                        >
                          Revoke
                        </button>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </Loaded>
      <form className="card" aria-label="Grant access" onSubmit={grant}>
        <h2>Grant access</h2>
        <Loaded state={members}>
          {(list) => (
            <label>
              Grant to
              <select name="grantee" required>
                {list
                  .filter((m) => m.status === 'active')
                  .map((m) => (
                    <option key={m.account} value={m.account}>
                      {m.name}
                    </option>
                  ))}
              </select>
            </label>
          )}
        </Loaded>
        <label>
          Purpose
          <select name="purpose" defaultValue="TREAT">
            {Object.entries(PURPOSES).map(([code, label]) => (
              <option key={code} value={code}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <fieldset>
          <legend>Records</legend>
          {TYPES.map((type) => (
            <label key={type} className="check">
              <input type="checkbox" name="types" value={type} defaultChecked={type === 'Observation'} />{' '}
              {type}
            </label>
          ))}
        </fieldset>
        <label>
          Until
          <input type="date" name="expires" defaultValue={nextYear} required />
        </label>
        <button type="submit" disabled={busy}>
          Sign and grant
        </button>
      </form>
    </Page>
  );
}
