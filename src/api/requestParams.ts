import type { Context } from 'hono';

/** The query parameters of a request, in order and with repeats (`date=ge2020&date=le2021`), minus `_format`. */
export function requestParams(c: Context): [string, string][] {
  return [...new URL(c.req.url).searchParams].filter(([name]) => name !== '_format');
}
