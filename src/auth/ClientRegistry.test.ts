import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteDatabase } from '../ledger/indexer/openSqliteDatabase.ts';
import { ClientRegistrationError, ClientRegistry } from './ClientRegistry.ts';
import { InvalidScopeError } from './smartScopes.ts';

const cheap = { log2N: 10, r: 8, p: 1 };
const now = () => Date.UTC(2025, 0, 1);
const dirs: string[] = [];

function registry(path = ':memory:') {
  const db = openSqliteDatabase(path);
  return { db, clients: new ClientRegistry({ db, scryptCost: cheap, now }) };
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('ClientRegistry', () => {
  it('registers a client, stores only a hash of its secret, and authenticates it', async () => {
    const { db, clients } = registry();
    const { client, clientSecret } = await clients.register({
      clientId: 'lab-system',
      name: 'Lab system',
      scopes: 'system/Observation.cruds system/DiagnosticReport.rs',
    });
    expect(client).toMatchObject({
      clientId: 'lab-system',
      name: 'Lab system',
      createdAt: '2025-01-01T00:00:00.000Z',
    });
    expect(client.scopes.map((s) => s.text)).toEqual([
      'system/Observation.cruds',
      'system/DiagnosticReport.rs',
    ]);
    expect(clientSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = db.prepare('SELECT secret_hash FROM oauth_clients').pluck().get() as string;
    expect(stored.startsWith('$scrypt$')).toBe(true);
    expect(stored).not.toContain(clientSecret);
    expect(await clients.authenticate('lab-system', clientSecret)).toEqual(client);
    expect(await clients.authenticate('lab-system', `${clientSecret}x`)).toBeUndefined();
    expect(await clients.authenticate('nobody', clientSecret)).toBeUndefined();
  });

  it('generates client ids and refuses a taken or malformed one', async () => {
    const { clients } = registry();
    const { client } = await clients.register({ name: 'A', scopes: 'system/*.rs' });
    expect(client.clientId).toMatch(/^[0-9a-f-]{36}$/);
    await expect(
      clients.register({ clientId: client.clientId, name: 'B', scopes: 'system/*.rs' }),
    ).rejects.toThrow(ClientRegistrationError);
    await expect(
      clients.register({ clientId: 'has space', name: 'C', scopes: 'system/*.rs' }),
    ).rejects.toThrow(ClientRegistrationError);
    await expect(clients.register({ name: ' ', scopes: 'system/*.rs' })).rejects.toThrow(
      ClientRegistrationError,
    );
  });

  it('only lets backend clients hold system/ scopes', async () => {
    const { clients } = registry();
    await expect(clients.register({ name: 'A', scopes: 'user/*.rs' })).rejects.toThrow(InvalidScopeError);
    await expect(clients.register({ name: 'A', scopes: 'system/*.rs openid' })).rejects.toThrow(
      InvalidScopeError,
    );
    await expect(clients.register({ name: 'A', scopes: '' })).rejects.toThrow(InvalidScopeError);
  });

  it('rotates a secret (the old one stops working) and removes clients', async () => {
    const { clients } = registry();
    const { clientSecret } = await clients.register({ clientId: 'etl', name: 'ETL', scopes: 'system/*.rs' });
    const fresh = await clients.rotateSecret('etl');
    expect(await clients.authenticate('etl', clientSecret)).toBeUndefined();
    expect((await clients.authenticate('etl', fresh))?.clientId).toBe('etl');
    await expect(clients.rotateSecret('nobody')).rejects.toThrow(ClientRegistrationError);
    expect(clients.remove('etl')).toBe(true);
    expect(clients.remove('etl')).toBe(false);
    expect(clients.get('etl')).toBeUndefined();
    expect(await clients.authenticate('etl', fresh)).toBeUndefined();
  });

  it('keeps clients in the database file across reopening', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'caduceus-clients-'));
    dirs.push(dir);
    const first = registry(join(dir, 'node.db'));
    const { clientSecret } = await first.clients.register({
      clientId: 'etl',
      name: 'ETL',
      scopes: 'system/*.rs',
    });
    first.db.close();
    const second = registry(join(dir, 'node.db'));
    expect((await second.clients.authenticate('etl', clientSecret))?.name).toBe('ETL');
    second.db.close();
  });
});
