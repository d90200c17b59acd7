import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Consortium,
  type ConsortiumMember,
  type OrganisationSpec,
  startConsortium,
} from '../../node/startConsortium.ts';
import type { NotificationMessage } from '../../notify/NotificationMessage.ts';
import { readServerSentEvents } from '../../notify/readServerSentEvents.ts';
import { verifyWebhook, WEBHOOK_SIGNATURE_HEADER } from '../../notify/webhookSignature.ts';
import { eventually } from '../../testing/eventually.ts';
import { custodyEvent, type epcisDocument, withCheckDigit } from '../service/testing/custodyScenario.ts';
import { registerSupplyPartners, supplyApiClient } from '../service/testing/supplyApiClient.ts';
import { UncommissionedSerialScorer } from '../service/testing/UncommissionedSerialScorer.ts';

const GLN = {
  manufacturer: withCheckDigit('061414100001'),
  distributor: withCheckDigit('061414100002'),
  pharmacy: withCheckDigit('061414100003'),
};
const GTIN = withCheckDigit('0061414199999');
const LOT = 'L2030A';
const EXPIRY = '2030-12-31';
const SERIALS = Array.from({ length: 12 }, (_, i) => `SN${String(i + 1).padStart(4, '0')}`);
const SECRET = 'a-webhook-secret-of-some-length';

describe('supply chain end to end: a counterfeit is scored, held, notified, blocked, then released or recalled', () => {
  const baseDir = mkdtempSync(join(tmpdir(), 'caduceus-supply-'));
  let consortium: Consortium;
  let receiver: Server;
  let receiverUrl = '';
  const webhooks: { message: NotificationMessage; verified: boolean }[] = [];
  const streamed: NotificationMessage[] = [];
  const streamAbort = new AbortController();
  const env = { CADUCEUS_ANCHOR_INTERVAL_MS: '200' };

  const org = (slug: string): ConsortiumMember => consortium.member(slug);
  const call = (slug: string, path: string, init: { method?: string; body?: unknown } = {}) =>
    supplyApiClient(org(slug)).call(path, init);
  const post = (slug: string, events: Parameters<typeof epcisDocument>[0]) =>
    supplyApiClient(org(slug)).post(events);
  const commission = custodyEvent('commission', {
    gtin: GTIN,
    lot: LOT,
    expiry: EXPIRY,
    serials: SERIALS,
    location: GLN.manufacturer,
  });
  const organisations: OrganisationSpec[] = [
    { slug: 'manufacturer', name: 'Pharma Manufacturer', roles: ['MANUFACTURER'] },
    { slug: 'distributor', name: 'Wholesale Distributor', roles: ['DISTRIBUTOR', 'AI_ORACLE'] },
    { slug: 'pharmacy', name: 'Community Pharmacy', roles: ['PHARMACY'] },
    { slug: 'auditor', name: 'Supply Auditor', roles: ['AUDITOR'] },
  ];
  const ship = (serials: string[], from: string, to: string) =>
    custodyEvent('ship', {
      gtin: GTIN,
      lot: LOT,
      serials,
      fromParty: from,
      toParty: to,
      location: from,
    });

  const toDistributor = ship(SERIALS, GLN.manufacturer, GLN.distributor);

  beforeAll(async () => {
    receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => {
        body += chunk;
      });
      request.on('end', () => {
        let verified = true;
        try {
          verifyWebhook(
            SECRET,
            body,
            request.headers[WEBHOOK_SIGNATURE_HEADER.toLowerCase()] as string,
            Date.now() / 1000,
          );
        } catch {
          verified = false;
        }
        webhooks.push({ message: JSON.parse(body) as NotificationMessage, verified });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const address = receiver.address();
    receiverUrl = typeof address === 'object' && address ? `http://127.0.0.1:${address.port}/hooks` : '';

    consortium = await startConsortium({
      baseDir,
      organisations,
      env,
    });
    await registerSupplyPartners(consortium, GLN);
    // No trained detector in this test: the distributor's oracle uses the one-rule test scorer.
    org('distributor').node.vault.supply.oracle.replaceScorer(new UncommissionedSerialScorer());
  }, 180_000);

  afterAll(async () => {
    streamAbort.abort();
    await consortium?.stop();
    await new Promise((resolve) => receiver?.close(resolve));
    rmSync(baseDir, { recursive: true, force: true });
  });

  it('commissions, ships and receives a lot, learning its serials downstream, and answers replays from the record', async () => {
    expect(
      (await call('manufacturer', '/products', { body: { gtin: GTIN, name: 'Amoxicillin 500 mg' } })).status,
    ).toBe(201);
    const written = await post('manufacturer', [commission, toDistributor]);
    expect(written.status).toBe(201);
    const events = written.body.events as { status: string; txHashes: string[]; shipmentId?: string }[];
    expect(events.map((e) => e.status)).toEqual(['written', 'written']);
    expect(events[1]?.shipmentId).toBe('1');

    const replay = await post('manufacturer', [commission, toDistributor]);
    expect(replay.status).toBe(200);
    expect(
      (replay.body.events as { replayed: boolean; txHashes: string[] }[]).map((e) => e.replayed),
    ).toEqual([true, true]);
    expect((replay.body.events as { txHashes: string[] }[])[1]?.txHashes).toEqual(events[1]?.txHashes);

    const receive = custodyEvent('receive', {
      gtin: GTIN,
      lot: LOT,
      serials: SERIALS,
      fromParty: GLN.manufacturer,
      toParty: GLN.distributor,
      location: GLN.distributor,
    });
    const received = await post('distributor', [commission, receive]);
    expect(received.status).toBe(201);
    const downstream = received.body.events as {
      status: string;
      shipmentId?: string;
      risk?: { caseId?: string };
    }[];
    expect(downstream.map((e) => e.status)).toEqual(['learned', 'written']);
    expect(downstream[1]?.shipmentId).toBe('1');
    // Scored (every serial commissioned) and under the threshold: no case.
    expect(downstream[1]?.risk).toMatchObject({ basisPoints: 100 });
    expect(downstream[1]?.risk?.caseId).toBeUndefined();
  }, 60_000);

  it('refuses a malformed capture with every located issue, and another member’s event', async () => {
    const bad = await call('distributor', '/events', {
      body: {
        type: 'EPCISDocument',
        '@context': ['https://ref.gs1.org/standards/epcis/epcis-context.jsonld'],
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.resourceType).toBe('OperationOutcome');
    const foreign = await post('distributor', [ship(['SN0001'], GLN.pharmacy, GLN.distributor)]);
    expect(foreign.status).toBe(403);
  });

  it('holds the lot on a counterfeit serial, notifies by signed webhook and SSE, blocks moves, and releases on audit', async () => {
    expect(
      (await call('manufacturer', '/subscriptions', { body: { url: receiverUrl, secret: SECRET } })).status,
    ).toBe(201);
    const origin = new URL(org('pharmacy').info.fhirBaseUrl).origin;
    const token = org('pharmacy').node.issueToken({ client: 'sse', scopes: 'system/SupplyCase.rs' }).token;
    const stream = await fetch(`${origin}/supply/v1/stream`, {
      headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
      signal: streamAbort.signal,
    });
    expect(stream.status).toBe(200);
    void readServerSentEvents(stream, (event) => {
      const message = JSON.parse(event.data) as Partial<NotificationMessage>;
      if (message.topic) streamed.push(message as NotificationMessage);
    }).catch(() => undefined);

    const counterfeit = await post('distributor', [
      ship(['SN0001', 'SN0002', 'FAKE0001'], GLN.distributor, GLN.pharmacy),
    ]);
    expect(counterfeit.status).toBe(201);
    const [shipped] = counterfeit.body.events as {
      shipmentId: string;
      risk: { basisPoints: number; caseId: string };
    }[];
    expect(shipped?.risk.basisPoints).toBe(10_000);
    const caseId = shipped?.risk.caseId;
    expect(caseId).toBeDefined();

    const hook = await eventually(
      async () =>
        webhooks.find(
          (w) => w.message.type === 'hold.placed' && (w.message.data as { caseId: string }).caseId === caseId,
        ),
      'the hold webhook',
    );
    expect(hook.verified).toBe(true);
    const live = await eventually(
      async () =>
        streamed.find((m) => m.type === 'hold.placed' && (m.data as { caseId: string }).caseId === caseId),
      'the hold on the SSE stream',
    );
    expect((live.data as { lotId: string }).lotId).toMatch(/^0x[0-9a-f]{64}$/);

    const blocked = await post('distributor', [ship(['SN0003'], GLN.distributor, GLN.pharmacy)]);
    expect(blocked.status).toBe(409);
    expect(blocked.body.resourceType).toBe('OperationOutcome');
    expect(blocked.body.issue?.[0]?.diagnostics).toContain('SupplyHeldProduct');

    const holds = await eventually(async () => {
      const answer = await call('pharmacy', '/holds');
      const list = answer.body.holds as { caseIds: string[] }[];
      return list.some((hold) => hold.caseIds.includes(caseId ?? '')) && list;
    }, 'the hold listed on the pharmacy node');
    expect(holds.length).toBeGreaterThan(0);
    const detail = await call('distributor', `/cases/${caseId}`);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ status: 'open', score: 10_000, gtin: GTIN, lotNumber: LOT });
    expect((detail.body.explanation as { topFeatures: { feature: string }[] }).topFeatures[0]?.feature).toBe(
      'uncommissionedSerials',
    );
    expect((detail.body.history as { event: string }[]).map((h) => h.event)).toEqual(
      expect.arrayContaining(['AuditCaseOpened', 'LotHeld', 'RiskAssessed']),
    );
    const scan = await call('pharmacy', `/verify?gtin=${GTIN}&serial=SN0001&lot=${LOT}&expiry=301231`);
    expect(scan.body).toMatchObject({ lotStatus: 'held', saleable: false, expiryMatches: true });
    const fake = await call('distributor', `/verify?gtin=${GTIN}&serial=FAKE0001&lot=${LOT}`);
    expect(fake.body).toMatchObject({ genuine: false, saleable: false });

    expect((await call('distributor', `/cases/${caseId}/release`, { method: 'POST' })).status).toBe(403);
    const released = await call('auditor', `/cases/${caseId}/release`, {
      body: { findings: 'scanner fault' },
    });
    expect(released.status).toBe(200);
    await eventually(
      async () =>
        webhooks.find(
          (w) =>
            w.message.type === 'hold.released' && (w.message.data as { caseId: string }).caseId === caseId,
        ),
      'the release webhook',
    );
    const moves = await post('distributor', [ship(['SN0003'], GLN.distributor, GLN.pharmacy)]);
    expect(moves.status).toBe(201);
  }, 90_000);

  it('lets the pharmacy receive and dispense genuine serials, and refuses to dispense a counterfeit', async () => {
    const receive = custodyEvent('receive', {
      gtin: GTIN,
      lot: LOT,
      serials: ['SN0001', 'SN0002', 'FAKE0001'],
      fromParty: GLN.distributor,
      toParty: GLN.pharmacy,
    });
    const dispense = custodyEvent('dispense', {
      gtin: GTIN,
      lot: LOT,
      serials: ['SN0001'],
      fromParty: GLN.pharmacy,
    });
    const answer = await post('pharmacy', [commission, receive, dispense]);
    expect(answer.status).toBe(201);
    expect((answer.body.events as { status: string; shipmentId?: string }[]).map((e) => e.status)).toEqual([
      'learned',
      'written',
      'written',
    ]);
    const scan = await call('pharmacy', `/verify?gtin=${GTIN}&serial=SN0001&lot=${LOT}`);
    expect(scan.body).toMatchObject({ genuine: true, state: 'dispensed', saleable: false });
    const genuine = await call('pharmacy', `/verify?gtin=${GTIN}&serial=SN0002&lot=${LOT}&expiry=${EXPIRY}`);
    expect(genuine.body).toMatchObject({
      genuine: true,
      state: 'active',
      lotStatus: 'active',
      saleable: true,
    });
    const fake = custodyEvent('dispense', {
      gtin: GTIN,
      lot: LOT,
      serials: ['FAKE0001'],
      fromParty: GLN.pharmacy,
    });
    const refused = await post('pharmacy', [fake]);
    expect(refused.status).toBe(422);
    expect(refused.body.issue?.[0]?.diagnostics).toContain('FAKE0001');
  }, 60_000);

  it('recalls the lot when the auditor confirms a second case', async () => {
    const counterfeit = await post('distributor', [
      ship(['SN0004', 'FAKE0002'], GLN.distributor, GLN.pharmacy),
    ]);
    const [shipped] = counterfeit.body.events as { risk: { caseId: string } }[];
    const caseId = shipped?.risk.caseId;
    expect(caseId).toBeDefined();
    const confirmed = await call('auditor', `/cases/${caseId}/confirm`, {
      body: { findings: 'counterfeit confirmed' },
    });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.resolution).toBe('recalled');
    const scan = await call('pharmacy', `/verify?gtin=${GTIN}&serial=SN0005&lot=${LOT}`);
    expect(scan.body).toMatchObject({ lotStatus: 'recalled', saleable: false });
    const cases = await eventually(async () => {
      const list = (await call('auditor', '/cases?status=recalled')).body.cases as { id: string }[];
      return list.some((c) => c.id === caseId) && list;
    }, 'the recalled case listed');
    expect(cases.length).toBe(1);
  }, 60_000);

  it('keeps its record across a restart: replays are answered from it, cases are still listed', async () => {
    const cases = (await call('auditor', '/cases')).body.cases as { id: string; status: string }[];
    streamAbort.abort();
    await consortium.stop();
    consortium = await startConsortium({ baseDir, organisations, env });
    const replay = await post('manufacturer', [toDistributor]);
    expect(replay.status).toBe(200);
    expect((replay.body.events as { replayed: boolean; shipmentId: string }[])[0]).toMatchObject({
      replayed: true,
      shipmentId: '1',
    });
    const after = (await call('auditor', '/cases')).body.cases as { id: string; status: string }[];
    expect(after).toEqual(cases);
    expect(after.map((c) => c.status).sort()).toEqual(['recalled', 'released']);
  }, 120_000);
});
