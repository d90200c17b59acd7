import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Context, MiddlewareHandler, Next } from 'hono';

/** Where `npm run build:web` writes the dashboard. */
export const DASHBOARD_DIST = join(import.meta.dirname, '../../web/dist');

/** Paths that belong to the node's APIs: never answered with the dashboard. */
const API = /^\/(fhir|supply|fl|federation|alerts|nlp|auth|consortium)\//;

/**
 * Serves the built dashboard at `/`: files from `web/dist` (hashed assets cached for a year, `index.html` never),
 * any other non-API GET falls back to `index.html` for the app's own routes. Without a build, a page says how to
 * make one.
 */
export function dashboardStatic(dist = DASHBOARD_DIST): MiddlewareHandler {
  const files = serveStatic({
    root: dist,
    onFound: (path, c) => {
      c.header(
        'Cache-Control',
        path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  return async (c: Context, next: Next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next();
    if (API.test(c.req.path)) return next();
    const index = join(dist, 'index.html');
    if (!existsSync(index))
      return c.html(
        '<!doctype html><html lang="en"><title>Caduceus</title><body><h1>Caduceus</h1><p>The dashboard is not built: run <code>npm run build:web</code>.</p></body></html>',
        503,
      );
    const found = await files(c, async () => {});
    if (found) return found;
    c.header('Cache-Control', 'no-cache');
    return c.html(readFileSync(index, 'utf8'));
  };
}
