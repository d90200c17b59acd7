import { randomBytes, randomUUID } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import { BaseError } from '../errors.ts';
import { type Migration, migrate } from '../ledger/indexer/migrate.ts';
import {
  defaultScryptCost,
  hashClientSecret,
  type ScryptCost,
  verifyClientSecret,
} from './clientSecretHash.ts';
import { formatScopes, InvalidScopeError, parseScopes, type SmartScope } from './smartScopes.ts';

/** A client id is taken, or a registration is otherwise not acceptable. */
export class ClientRegistrationError extends BaseError {
  override name = 'ClientRegistrationError';
}

/** A registered OAuth2 client (a backend system using client credentials). Its secret is only ever hashed. */
export type OAuthClient = { clientId: string; name: string; scopes: SmartScope[]; createdAt: string };

/** A new client and its secret, which is shown this once and stored only as an scrypt hash. */
export type RegisteredClient = { client: OAuthClient; clientSecret: string };

/** Migrations of the client table (ids are global, prefixed with the module). */
export const clientRegistryMigrations: readonly Migration[] = [
  {
    id: 'auth-001-oauth-clients',
    up: `CREATE TABLE oauth_clients (
      client_id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      secret_hash TEXT NOT NULL,
      scopes TEXT NOT NULL,
      created_at TEXT NOT NULL
    ) STRICT`,
  },
];

type Row = { client_id: string; name: string; secret_hash: string; scopes: string; created_at: string };

const clientIdPattern = /^[A-Za-z0-9._~-]{1,64}$/;

/**
 * The OAuth2 clients this node accepts for the client-credentials grant (SMART Backend Services): id, scrypt hash
 * of the secret, and the `system/` scopes it may ask for, in the node's SQLite database.
 */
export class ClientRegistry {
  readonly #db: BetterSqlite3.Database;
  readonly #cost: ScryptCost;
  readonly #now: () => number;
  /** Checked for unknown ids too, at the same cost, so the time to answer does not tell which ids exist. */
  readonly #decoyHash: string;

  constructor(options: { db: BetterSqlite3.Database; scryptCost?: ScryptCost; now?: () => number }) {
    this.#db = options.db;
    this.#cost = options.scryptCost ?? defaultScryptCost;
    this.#now = options.now ?? Date.now;
    const { log2N, r, p } = this.#cost;
    this.#decoyHash = `$scrypt$ln=${log2N},r=${r},p=${p}$${'A'.repeat(22)}$${'A'.repeat(43)}`;
    migrate(this.#db, clientRegistryMigrations);
  }

  /** Registers a client allowed `scopes` (system/ scopes only); returns its secret once. */
  async register(input: { name: string; scopes: string; clientId?: string }): Promise<RegisteredClient> {
    const clientId = input.clientId ?? randomUUID();
    if (!clientIdPattern.test(clientId)) {
      throw new ClientRegistrationError(`Client id '${clientId}' must be 1-64 of A-Z a-z 0-9 . _ ~ -`);
    }
    if (input.name.trim() === '') throw new ClientRegistrationError('A client needs a name');
    const scopes = parseScopes(input.scopes);
    const wrong = scopes.filter((scope) => scope.kind !== 'resource' || scope.context !== 'system');
    if (scopes.length === 0 || wrong.length > 0) {
      throw new InvalidScopeError('A client-credentials client may only hold system/ scopes', {
        details: wrong.map((scope) => `Not allowed: ${scope.text}`),
      });
    }
    const clientSecret = randomBytes(32).toString('base64url');
    const secretHash = await hashClientSecret(clientSecret, this.#cost);
    const createdAt = new Date(this.#now()).toISOString();
    try {
      this.#db
        .prepare(
          'INSERT INTO oauth_clients (client_id, name, secret_hash, scopes, created_at) VALUES (?, ?, ?, ?, ?)',
        )
        .run(clientId, input.name, secretHash, formatScopes(scopes), createdAt);
    } catch (error) {
      throw new ClientRegistrationError(`Client id '${clientId}' is already registered`, { cause: error });
    }
    return { client: { clientId, name: input.name, scopes, createdAt }, clientSecret };
  }

  /** The client whose id and secret these are, or undefined (same work either way, constant-time compare). */
  async authenticate(clientId: string, clientSecret: string): Promise<OAuthClient | undefined> {
    const row = this.#row(clientId);
    const matches = await verifyClientSecret(clientSecret, row?.secret_hash ?? this.#decoyHash);
    return row && matches ? toClient(row) : undefined;
  }

  /** A registered client, or undefined. */
  get(clientId: string): OAuthClient | undefined {
    const row = this.#row(clientId);
    return row ? toClient(row) : undefined;
  }

  /** Replaces a client's secret (the old one stops working at once); returns the new one. */
  async rotateSecret(clientId: string): Promise<string> {
    const clientSecret = randomBytes(32).toString('base64url');
    const secretHash = await hashClientSecret(clientSecret, this.#cost);
    const { changes } = this.#db
      .prepare('UPDATE oauth_clients SET secret_hash = ? WHERE client_id = ?')
      .run(secretHash, clientId);
    if (changes === 0) throw new ClientRegistrationError(`No client '${clientId}' is registered`);
    return clientSecret;
  }

  /** Removes a client; tokens it already holds stay valid until they expire (at most their short lifetime). */
  remove(clientId: string): boolean {
    return this.#db.prepare('DELETE FROM oauth_clients WHERE client_id = ?').run(clientId).changes > 0;
  }

  #row(clientId: string): Row | undefined {
    return this.#db
      .prepare<[string], Row>(
        'SELECT client_id, name, secret_hash, scopes, created_at FROM oauth_clients WHERE client_id = ?',
      )
      .get(clientId);
  }
}

function toClient(row: Row): OAuthClient {
  return {
    clientId: row.client_id,
    name: row.name,
    scopes: parseScopes(row.scopes),
    createdAt: row.created_at,
  };
}
