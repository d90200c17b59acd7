/**
 * The patient's private key, kept in this browser only and encrypted with their passphrase (PBKDF2-SHA-256,
 * 310,000 iterations, then AES-256-GCM). It never leaves the browser: sign-in and consent send signatures only.
 */
const STORE = 'caduceus.patientKey';
const ITERATIONS = 310_000;

type Sealed = { patient: string; salt: string; iv: string; ciphertext: string };

const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const unb64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

async function keyFrom(passphrase: string, salt: Uint8Array): Promise<CryptoKey> {
  const base = await crypto.subtle.importKey('raw', new TextEncoder().encode(passphrase), 'PBKDF2', false, [
    'deriveKey',
  ]);
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations: ITERATIONS },
    base,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

/** Encrypts and stores the key for this patient (replacing any key stored before). */
export async function storePatientKey(
  patient: string,
  privateKey: string,
  passphrase: string,
): Promise<void> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const key = await keyFrom(passphrase, salt);
  const ciphertext = new Uint8Array(
    await crypto.subtle.encrypt(
      { name: 'AES-GCM', iv: iv as BufferSource },
      key,
      new TextEncoder().encode(privateKey),
    ),
  );
  const sealed: Sealed = { patient, salt: b64(salt), iv: b64(iv), ciphertext: b64(ciphertext) };
  localStorage.setItem(STORE, JSON.stringify(sealed));
}

/** The patient whose key is stored here, if any. */
export function storedPatient(): string | undefined {
  const text = localStorage.getItem(STORE);
  return text ? (JSON.parse(text) as Sealed).patient : undefined;
}

/** Decrypts the stored key; a wrong passphrase throws. */
export async function unlockPatientKey(passphrase: string): Promise<`0x${string}`> {
  const text = localStorage.getItem(STORE);
  if (!text) throw new Error('No key is stored in this browser');
  const sealed = JSON.parse(text) as Sealed;
  const key = await keyFrom(passphrase, unb64(sealed.salt));
  try {
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: unb64(sealed.iv) as BufferSource },
      key,
      unb64(sealed.ciphertext) as BufferSource,
    );
    return new TextDecoder().decode(plain) as `0x${string}`;
  } catch {
    throw new Error('Wrong passphrase');
  }
}

/** Forgets the stored key. */
export function forgetPatientKey(): void {
  localStorage.removeItem(STORE);
}
