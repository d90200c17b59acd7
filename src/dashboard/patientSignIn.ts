import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { type Address, type Hex, isAddressEqual, recoverMessageAddress } from 'viem';
import { z } from 'zod';
import { outcomeResponse } from '../api/fhirResponse.ts';
import { operationOutcome, outcomes } from '../fhir/operationOutcome.ts';

/** Where the patient sign-in is mounted. */
export const PATIENT_SIGN_IN_PATH = '/auth/v1';

const CHALLENGE_TTL_MS = 5 * 60_000;
const MAX_OPEN_CHALLENGES = 10_000;

/** What the sign-in needs from the node: a patient's registered address, and a patient token for them. */
export type PatientSignInOptions = {
  addressOf(reference: string): Promise<Address | undefined>;
  issue(patientId: string): { token: string; expiresIn: number };
  now?: () => number;
};

const challengeRequest = z.object({ patient: z.string().regex(/^[A-Za-z0-9\-.]{1,64}$/) }).strict();
const loginRequest = z
  .object({
    challenge: z.string().regex(/^[A-Za-z0-9_-]{20,64}$/),
    signature: z.string().regex(/^0x[0-9a-fA-F]{130}$/),
  })
  .strict();

/**
 * Sign-in for patients whose key never leaves their device: `POST /challenge { patient }` returns a single-use
 * message (5 minutes) naming the patient and this node; the patient's app signs it (EIP-191 personal_sign) and
 * `POST /login { challenge, signature }` checks the signer is the address registered on the patient's record, then
 * issues a patient token (SMART `patient` claim: their own compartment, their access list, their consents). A bad,
 * expired or replayed challenge is 401; the answer never says whether the patient exists.
 */
export function createPatientSignInApp(options: PatientSignInOptions): Hono {
  const now = options.now ?? Date.now;
  const open = new Map<string, { patient: string; message: string; expires: number }>();
  const app = new Hono();
  const refused = () =>
    outcomeResponse(operationOutcome(401, { code: 'security', diagnostics: 'The sign-in was refused' }));
  const body = async (request: Request): Promise<unknown> => request.json().catch(() => undefined);

  app.post('/challenge', async (c) => {
    const parsed = challengeRequest.safeParse(await body(c.req.raw));
    if (!parsed.success) return outcomeResponse(outcomes.invalid('Expected { "patient": "<Patient id>" }'));
    for (const [id, entry] of open) if (entry.expires < now()) open.delete(id);
    if (open.size >= MAX_OPEN_CHALLENGES)
      return outcomeResponse(
        operationOutcome(429, { code: 'throttled', diagnostics: 'Too many sign-ins at once' }),
      );
    const challenge = randomBytes(24).toString('base64url');
    const expires = now() + CHALLENGE_TTL_MS;
    const message = [
      'Sign in to Caduceus',
      `Node: ${new URL(c.req.url).host}`,
      `Patient: Patient/${parsed.data.patient}`,
      `Challenge: ${challenge}`,
      `Expires: ${new Date(expires).toISOString()}`,
    ].join('\n');
    open.set(challenge, { patient: parsed.data.patient, message, expires });
    return c.json({ challenge, message, expiresAt: new Date(expires).toISOString() });
  });

  app.post('/login', async (c) => {
    const parsed = loginRequest.safeParse(await body(c.req.raw));
    if (!parsed.success) return outcomeResponse(outcomes.invalid('Expected { "challenge", "signature" }'));
    const entry = open.get(parsed.data.challenge);
    open.delete(parsed.data.challenge);
    if (!entry || entry.expires < now()) return refused();
    const signer = await recoverMessageAddress({
      message: entry.message,
      signature: parsed.data.signature as Hex,
    }).catch(() => undefined);
    const registered = await options.addressOf(`Patient/${entry.patient}`);
    if (!signer || !registered || !isAddressEqual(signer, registered)) return refused();
    const { token, expiresIn } = options.issue(entry.patient);
    return c.json({
      access_token: token,
      token_type: 'Bearer',
      expires_in: expiresIn,
      patient: entry.patient,
    });
  });
  return app;
}
