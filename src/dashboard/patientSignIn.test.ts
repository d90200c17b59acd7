import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { createPatientSignInApp } from './patientSignIn.ts';

const patient = privateKeyToAccount(generatePrivateKey());
const stranger = privateKeyToAccount(generatePrivateKey());

function setup(now = () => Date.now()) {
  const app = createPatientSignInApp({
    addressOf: async (reference) => (reference === 'Patient/p1' ? patient.address : undefined),
    issue: (id) => ({ token: `token-for-${id}`, expiresIn: 3600 }),
    now,
  });
  const post = async (path: string, body: unknown) => {
    const response = await app.request(`http://node.example${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, string> };
  };
  const challenge = async (id = 'p1') => (await post('/challenge', { patient: id })).body;
  return { post, challenge };
}

describe('patient sign-in', () => {
  it('issues a patient token for a signature by the address on the record', async () => {
    const { post, challenge } = setup();
    const c = await challenge();
    expect(c.message).toContain('Patient: Patient/p1');
    const login = await post('/login', {
      challenge: c.challenge,
      signature: await patient.signMessage({ message: c.message ?? '' }),
    });
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ access_token: 'token-for-p1', patient: 'p1', token_type: 'Bearer' });
  });

  it('refuses another key, a replayed or expired challenge, and an unknown patient alike (401)', async () => {
    let clock = 1_000_000;
    const { post, challenge } = setup(() => clock);
    const c = await challenge();
    const wrong = await post('/login', {
      challenge: c.challenge,
      signature: await stranger.signMessage({ message: c.message ?? '' }),
    });
    expect(wrong.status).toBe(401);
    // The challenge was used up by the failed attempt.
    const replay = await post('/login', {
      challenge: c.challenge,
      signature: await patient.signMessage({ message: c.message ?? '' }),
    });
    expect(replay.status).toBe(401);
    const late = await challenge();
    clock += 6 * 60_000;
    expect(
      (
        await post('/login', {
          challenge: late.challenge,
          signature: await patient.signMessage({ message: late.message ?? '' }),
        })
      ).status,
    ).toBe(401);
    const nobody = await challenge('p2');
    expect(
      (
        await post('/login', {
          challenge: nobody.challenge,
          signature: await patient.signMessage({ message: nobody.message ?? '' }),
        })
      ).status,
    ).toBe(401);
  });

  it('answers malformed requests with a 400 OperationOutcome', async () => {
    const { post } = setup();
    const bad = await post('/challenge', { patient: '../etc' });
    expect(bad.status).toBe(400);
    expect(bad.body.resourceType).toBe('OperationOutcome');
    expect((await post('/login', { challenge: 'x', signature: '0x00' })).status).toBe(400);
  });
});
