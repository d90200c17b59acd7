import { describe, expect, it } from 'vitest';
import { hashClientSecret, verifyClientSecret } from './clientSecretHash.ts';

const cheap = { log2N: 10, r: 8, p: 1 };

describe('client secret hashing (scrypt)', () => {
  it('verifies the right secret and refuses any other', async () => {
    const stored = await hashClientSecret('s3cret-value', cheap);
    expect(stored).toMatch(/^\$scrypt\$ln=10,r=8,p=1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(stored).not.toContain('s3cret-value');
    expect(await verifyClientSecret('s3cret-value', stored)).toBe(true);
    expect(await verifyClientSecret('s3cret-valuf', stored)).toBe(false);
    expect(await verifyClientSecret('', stored)).toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashClientSecret('same', cheap)).not.toBe(await hashClientSecret('same', cheap));
  });

  it('uses N=2^15 by default', async () => {
    const stored = await hashClientSecret('x');
    expect(stored.startsWith('$scrypt$ln=15,r=8,p=1$')).toBe(true);
    expect(await verifyClientSecret('x', stored)).toBe(true);
  });

  it('never matches a malformed or absurd stored hash', async () => {
    const stored = await hashClientSecret('x', cheap);
    expect(await verifyClientSecret('x', 'plain-text')).toBe(false);
    expect(await verifyClientSecret('x', stored.replace('ln=10', 'ln=30'))).toBe(false);
    expect(await verifyClientSecret('x', stored.slice(0, -4))).toBe(false);
  });
});
