import { describe, expect, it, vi } from 'vitest';
import type { Authenticate } from '../../api/Authenticate.ts';
import { LedgerUnavailableError } from '../../ledger/client/ledgerErrors.ts';
import type { SupplyServices } from '../service/SupplyServices.ts';
import { NotOwnPartyError } from '../service/supplyServiceErrors.ts';
import { custodyEvent, epcisDocument } from '../service/testing/custodyScenario.ts';
import { createSupplyApp } from './createSupplyApp.ts';

/** Tokens are their scopes: `Bearer system/SupplyEvent.c` is a client with that scope; `Bearer bad` is refused. */
const authenticate: Authenticate = (request) => {
  const token = request.headers.get('authorization')?.replace(/^Bearer /, '');
  if (!token || token === 'bad') return { rejected: 'The access token expired' };
  return { subject: 'client-1', scopes: token.split(',') };
};

function appWith(supply: Partial<SupplyServices>) {
  return createSupplyApp({ supply: supply as SupplyServices, authenticate });
}

const post = (body: unknown, token = 'system/SupplyEvent.c', type = 'application/ld+json') => ({
  method: 'POST',
  headers: { authorization: `Bearer ${token}`, 'content-type': type },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

describe('createSupplyApp', () => {
  it('answers 401 without a valid token and 403 without the scope, as OperationOutcomes', async () => {
    const app = appWith({});
    const anonymous = await app.request('/events', { method: 'POST' });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('WWW-Authenticate')).toContain('invalid_token');
    expect((await app.request('/events', post({}, 'bad'))).status).toBe(401);
    const reader = await app.request('/events', post({}, 'system/SupplyCase.rs'));
    expect(reader.status).toBe(403);
    expect(((await reader.json()) as { resourceType: string }).resourceType).toBe('OperationOutcome');
  });

  it('refuses a non-JSON body (415), malformed JSON (400) and a bad capture with each issue located (400)', async () => {
    const ingest = vi.fn();
    const app = appWith({ service: { ingest } as never });
    expect((await app.request('/events', post('<xml/>', undefined, 'application/xml'))).status).toBe(415);
    expect((await app.request('/events', post('{'))).status).toBe(400);
    const bad = await app.request(
      '/events',
      post({
        type: 'ObjectEvent',
        '@context': ['https://ref.gs1.org/standards/epcis/epcis-context.jsonld'],
        action: 'OBSERVE',
        epcList: ['not-an-epc'],
      }),
    );
    expect(bad.status).toBe(400);
    const outcome = (await bad.json()) as { issue: { expression?: string[] }[] };
    expect(outcome.issue.length).toBeGreaterThan(1);
    expect(outcome.issue.some((issue) => issue.expression?.[0] === 'eventTime')).toBe(true);
    expect(ingest).not.toHaveBeenCalled();
  });

  it('turns a refused event into its 4xx, listing the events written before it', async () => {
    const ingest = vi.fn().mockResolvedValue({
      events: [{ eventId: 'urn:uuid:1', status: 'written', replayed: false }],
      refused: { eventId: 'urn:uuid:2', index: 1, error: new NotOwnPartyError('0614141000029') },
    });
    const app = appWith({ service: { ingest } as never });
    const document = epcisDocument([
      custodyEvent('ship', {
        gtin: '00614141999996',
        lot: 'L1',
        serials: ['SN1'],
        fromParty: '0614141000029',
      }),
    ]);
    const response = await app.request('/events', post(document));
    const outcome = (await response.json()) as { issue: { severity: string; diagnostics: string }[] };
    expect(response.status).toBe(403);
    expect(outcome.issue[0]?.diagnostics).toContain('urn:uuid:2');
    expect(outcome.issue[1]).toMatchObject({ severity: 'information' });
  });

  it('answers 503 (retry) when the ledger cannot be reached', async () => {
    const ingest = vi.fn().mockRejectedValue(new LedgerUnavailableError('Ledger node unavailable'));
    const app = appWith({ service: { ingest } as never });
    const document = epcisDocument([
      custodyEvent('ship', { gtin: '00614141999996', lot: 'L1', serials: ['SN1'] }),
    ]);
    const response = await app.request('/events', post(document));
    expect(response.status).toBe(503);
    expect(((await response.json()) as { issue: { code: string }[] }).issue[0]?.code).toBe('transient');
  });

  it('validates case ids, verify parameters and subscription bodies with 400s', async () => {
    const app = appWith({});
    const auth = { headers: { authorization: 'Bearer system/*.cruds' } };
    expect((await app.request('/cases/abc', auth)).status).toBe(400);
    const verify = await app.request('/verify?gtin=123', auth);
    expect(verify.status).toBe(400);
    expect(((await verify.json()) as { issue: { diagnostics: string }[] }).issue[0]?.diagnostics).toContain(
      'serial',
    );
    expect((await app.request('/verify?gtin=123&serial=A&lot=L', auth)).status).toBe(400);
    const subscription = await app.request(
      '/subscriptions',
      post({ url: 'x' }, 'system/*.cruds', 'application/json'),
    );
    expect(subscription.status).toBe(400);
    expect((await app.request('/nowhere', auth)).status).toBe(404);
  });
});
