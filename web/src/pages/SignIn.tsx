import { type FormEvent, useState } from 'react';
import { api } from '../lib/api.ts';
import { forgetPatientKey, storedPatient, storePatientKey, unlockPatientKey } from '../lib/keyVault.ts';
import { setPatientAccount } from '../lib/patientKey.ts';
import { useSession } from '../lib/session.ts';
import { Notice, Page } from '../lib/ui.tsx';

/** Challenge–response with the patient's key: the node checks the signer is the address on their record. */
async function patientSignIn(patient: string, privateKey: `0x${string}`) {
  const account = setPatientAccount(privateKey);
  if (!account) throw new Error('No key');
  const challenge = await api<{ challenge: string; message: string }>(undefined, '/auth/v1/challenge', {
    method: 'POST',
    body: { patient },
  });
  const signature = await account.signMessage({ message: challenge.message });
  return api<{ access_token: string; patient: string }>(undefined, '/auth/v1/login', {
    method: 'POST',
    body: { challenge: challenge.challenge, signature },
  });
}

/** Sign in: patients with their key (kept encrypted in this browser), staff with a token from their organisation. */
export function SignIn() {
  const { setSession } = useSession();
  const stored = storedPatient();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const run = (work: () => Promise<void>) => async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await work();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const field = (form: FormEvent, name: string) =>
    ((form.currentTarget as HTMLFormElement).elements.namedItem(name) as HTMLInputElement).value.trim();

  return (
    <Page
      title="Sign in"
      intro="Patients sign in with their own key; it stays in this browser, encrypted with your passphrase."
    >
      <div className="columns">
        <form
          aria-label="Patient sign-in"
          className="card"
          onSubmit={(e) => {
            const values = {
              patient: field(e, 'patient'),
              key: field(e, 'key'),
              passphrase: field(e, 'passphrase'),
            };
            return run(async () => {
              let key: `0x${string}`;
              let patient = values.patient || stored || '';
              if (stored && !values.key) key = await unlockPatientKey(values.passphrase);
              else {
                if (!/^0x[0-9a-fA-F]{64}$/.test(values.key))
                  throw new Error('The key is 0x and 64 hex digits');
                if (!patient) throw new Error('Enter your patient record id');
                if (values.passphrase.length < 8)
                  throw new Error('Choose a passphrase of at least 8 characters');
                await storePatientKey(patient, values.key, values.passphrase);
                key = values.key as `0x${string}`;
              }
              const answer = await patientSignIn(patient, key);
              patient = answer.patient;
              setSession({
                kind: 'patient',
                token: answer.access_token,
                patient,
                label: `Patient/${patient}`,
              });
              location.hash = '#/patient/records';
            })(e);
          }}
        >
          <h2>Patient</h2>
          {stored ? <p>A key for Patient/{stored} is stored in this browser.</p> : null}
          <label>
            Patient record id
            <input name="patient" autoComplete="username" defaultValue={stored ?? ''} />
          </label>
          <label>
            Private key {stored ? '(only to replace the stored one)' : ''}
            <input name="key" type="password" autoComplete="off" placeholder="0x…" />
          </label>
          <label>
            Passphrase
            <input name="passphrase" type="password" autoComplete="current-password" required />
          </label>
          <button type="submit" disabled={busy}>
            Sign in with my key
          </button>
          {stored ? (
            <button type="button" className="secondary" onClick={() => forgetPatientKey()}>
              Forget the stored key
            </button>
          ) : null}
        </form>
        <form
          aria-label="Staff sign-in"
          className="card"
          onSubmit={(e) => {
            const token = field(e, 'token');
            const name = field(e, 'name') || 'Staff';
            return run(async () => {
              if (token.split('.').length !== 3) throw new Error('Paste the whole bearer token');
              setSession({ kind: 'staff', token, label: name });
              // A staff page asked for before signing in opens after it; otherwise the patients page.
              if (!/^#\/(clinical-ai|supply|auditor|consortium)/.test(location.hash))
                location.hash = '#/clinician';
            })(e);
          }}
        >
          <h2>Staff</h2>
          <p>
            Paste the bearer token your organisation issued (<code>caduceus token</code>; the demo prints one
            per organisation). In production it comes from your organisation's identity provider.
          </p>
          <label>
            Your name
            <input name="name" autoComplete="name" />
          </label>
          <label>
            Bearer token
            <input name="token" type="password" autoComplete="off" required />
          </label>
          <button type="submit" disabled={busy}>
            Sign in as staff
          </button>
        </form>
      </div>
      <Notice error={error} />
    </Page>
  );
}
