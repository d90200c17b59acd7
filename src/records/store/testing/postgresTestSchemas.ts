import pg from 'pg';

/** Schema names for one test file's PostgreSQL stores, and the clean-up that drops them all. */
export type PostgresTestSchemas = {
  /** A schema no other store uses (nor a test process running beside this one); connecting creates it. */
  fresh(): string;
  /** Drops every schema `fresh` handed out, with its tables; for `afterAll`, once the stores are closed. */
  dropAll(): Promise<void>;
};

/**
 * Gives each store under test its own schema, `<prefix>_<pid>_<n>`, in the shared test database, so tests never
 * see each other's rows and the database is left as it was found.
 */
export function postgresTestSchemas(connectionString: string, prefix: string): PostgresTestSchemas {
  const schemas: string[] = [];
  return {
    fresh: () => {
      const schema = `${prefix}_${process.pid}_${schemas.length + 1}`;
      schemas.push(schema);
      return schema;
    },
    dropAll: async () => {
      const admin = new pg.Pool({ connectionString, max: 1 });
      try {
        for (const schema of schemas) await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await admin.end();
      }
    },
  };
}
