import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';

/** Something that answers HTTP requests the Fetch way (a Hono app). */
export type FetchApp = { fetch: (request: Request) => Response | Promise<Response> };

const notReady = () =>
  new Response(
    JSON.stringify({
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', code: 'transient', diagnostics: 'The node is starting; retry shortly' }],
    }),
    { status: 503, headers: { 'content-type': 'application/fhir+json', 'retry-after': '1' } },
  );

/**
 * The node's HTTP listener on `@hono/node-server`. It listens before the app exists, because the FHIR base URL
 * (in tokens' audience, Bundle links and the CapabilityStatement) depends on the port actually bound when the
 * configured port is 0; until `serve(app)` every request gets a 503.
 */
export class FhirHttpServer {
  #server: Server | undefined;
  #app: FetchApp | undefined;

  /** Binds `host:port` and resolves with the origin (`http://127.0.0.1:8080`). */
  async listen(host: string, port: number): Promise<string> {
    const server = createAdaptorServer({
      fetch: (request: Request) => (this.#app ? this.#app.fetch(request) : notReady()),
    }) as Server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.#server = server;
    const address = server.address() as AddressInfo;
    const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `http://${shownHost}:${address.port}`;
  }

  /** From now on requests go to `app`. */
  serve(app: FetchApp): void {
    this.#app = app;
  }

  /** Stops accepting connections and waits for requests in flight (idle keep-alive sockets are closed). */
  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
  }
}
