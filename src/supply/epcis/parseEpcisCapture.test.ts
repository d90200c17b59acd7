import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EPCIS_HASH_ID_PREFIX } from './custodyEventId.ts';
import { describeEpcisIssue } from './EpcisIssue.ts';
import { parseEpcisCapture } from './parseEpcisCapture.ts';

const FIXTURES = join(import.meta.dirname, '../../../test/fixtures/epcis');
const fixture = (name: string): unknown => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));
const messages = (input: unknown) => parseEpcisCapture(input).issues.map(describeEpcisIssue);

/** A clean pharma capture to mutate in tests: one commissioning of serials with lot and expiry. */
const commissioning = () => ({
  '@context': ['https://ref.gs1.org/standards/epcis/epcis-context.jsonld'],
  type: 'EPCISDocument',
  schemaVersion: '2.0',
  creationDate: '2025-01-06T08:00:00Z',
  epcisBody: {
    eventList: [
      {
        type: 'ObjectEvent',
        eventTime: '2025-01-06T09:00:00.000+01:00',
        eventTimeZoneOffset: '+01:00',
        action: 'ADD',
        bizStep: 'urn:epcglobal:cbv:bizstep:commissioning',
        epcList: ['urn:epc:id:sgtin:0614141.107346.2017', 'urn:epc:id:sgtin:0614141.107346.2018'],
        bizLocation: { id: 'urn:epc:id:sgln:0614141.00777.0' },
        ilmd: { 'cbvmda:lotNumber': 'L2501', 'cbvmda:itemExpirationDate': '2027-01-31' },
      } as Record<string, unknown>,
    ],
  },
});
const eventOf = (doc: ReturnType<typeof commissioning>) =>
  doc.epcisBody.eventList[0] as Record<string, unknown>;

describe('parseEpcisCapture on the openepcis 2.0 fixtures', () => {
  it('reads the ObjectEvent document into normalised custody events', () => {
    const result = parseEpcisCapture(fixture('valid/ObjectEvent.json'));
    expect(result.issues).toEqual([]);
    expect(result.events).toEqual([
      {
        id: 'ni:///sha-256;df7bb3c352fef055578554f09f5e2aa41782150ced7bd0b8af24dd3ccb30ba69?ver=CBV2.0',
        kind: 'ship',
        source: 'ObjectEvent',
        action: 'OBSERVE',
        time: '2005-04-04T02:33:31.116Z',
        timeZoneOffset: '-06:00',
        gtin: '10614141073464',
        serials: ['2017', '2018'],
        quantity: 2,
        location: '0614141073467',
        shipmentRef: 'http://transaction.acme.com/po/12345678',
      },
      expect.objectContaining({
        kind: 'receive',
        serials: ['2018'],
        location: '0012345111112',
        shipmentRef: 'urn:epcglobal:cbv:bt:0614141073467:1152',
      }),
    ]);
  });

  it('reads Digital Link EPCs and PGLN/SGLN parties (CURIE document)', () => {
    const [event] = parseEpcisCapture(fixture('valid/CurieString_document.json')).events;
    expect(event).toMatchObject({
      kind: 'receive',
      gtin: '04012345999990',
      serials: ['XYZ-1234'],
      fromParty: '4012345002256',
      toParty: '0614141007776',
      location: '4012345000115',
      shipmentRef: 'http://transaction.acme.com/po/12345678',
    });
  });

  it('reads a bare AggregationEvent, keeping its container and hashing it for an id', () => {
    const result = parseEpcisCapture(fixture('valid/event_AggregationEvent.json'));
    expect(result.issues).toEqual([]);
    expect(result.events).toHaveLength(1);
    expect(result.events[0]).toMatchObject({ source: 'AggregationEvent', kind: 'receive', quantity: 3 });
    expect(result.events[0]?.container).toBe('urn:epc:id:sgtin:952001.1012345.22222223333');
    expect(result.events[0]?.id.startsWith(EPCIS_HASH_ID_PREFIX)).toBe(true);
  });

  it('finds no EPCIS error in any valid document, only custody limits (not-supported)', () => {
    for (const name of readdirSync(join(FIXTURES, 'valid'))) {
      const invalid = parseEpcisCapture(fixture(`valid/${name}`)).issues.filter((i) => i.code === 'invalid');
      expect(invalid, name).toEqual([]);
    }
  });

  it('says why the valid documents that are not custody events are refused', () => {
    expect(messages(fixture('valid/TransformationEvent.json'))).toEqual([
      'epcisBody.eventList[0].type: TransformationEvent is valid EPCIS but not a custody event (ObjectEvent or AggregationEvent)',
    ]);
    expect(messages(fixture('valid/ObjectEvent_with_custom_bizStep_uri.json'))[0]).toContain(
      'bizStep "https://example.com/bizStep/inspecting" is not a custody step',
    );
    expect(messages(fixture('valid/epcisDocWithAllGS1Keys.json'))).toContain(
      'epcisBody.eventList[0].epcList[1]: not an SGTIN URN or GTIN+serial Digital Link: urn:epc:id:sscc:4012345.0000000333',
    );
    expect(messages(fixture('valid/ObjectEvent_with_digitalLink.json'))).toEqual([
      'epcisBody.eventList[0].quantityList[0]: a custody quantity counts units (no uom, or EA), not KGM',
    ]);
  });

  it('refuses every invalid document with an EPCIS error', () => {
    const names = readdirSync(join(FIXTURES, 'invalid'));
    expect(names).toHaveLength(15);
    for (const name of names) {
      const result = parseEpcisCapture(fixture(`invalid/${name}`));
      expect(result.ok, name).toBe(false);
      expect(
        result.issues.some((i) => i.code === 'invalid'),
        name,
      ).toBe(true);
    }
  });

  it('locates each fault of the multiple-fault document', () => {
    expect(messages(fixture('invalid/Combination_of_multiple_invalid_fields.json'))).toEqual([
      'epcisBody.eventList[0].bizStep: not a CBV bizStep nor a URI: "transforming"',
      'epcisBody.eventList[1].disposition: not a CBV disposition nor a URI: "in_transport"',
      'epcisBody.eventList[2].sourceList[0].type: not a CBV source type nor a URI: "place"',
      'epcisBody.eventList[3].ilmd.materialType: unknown ILMD field; extensions need a namespace prefix (e.g. example:materialType)',
      'epcisBody.eventList[4].eventTime: not a date-time with offset (e.g. 2024-05-01T10:00:00.000+02:00): "22-07-2026"',
      'epcisBody.eventList[4].action: action must be ADD, OBSERVE or DELETE, not "CREATE"',
    ]);
    expect(messages(fixture('invalid/ObjectEvent_without_action_and_eventTime.json'))).toEqual([
      'epcisBody.eventList[0].eventTime: eventTime is required',
      'epcisBody.eventList[0].eventTimeZoneOffset: eventTimeZoneOffset is required',
      'epcisBody.eventList[0].action: action is required',
    ]);
    expect(messages(fixture('invalid/EPCISDocument_without_context.json'))).toEqual([
      '@context: @context is required (JSON-LD)',
    ]);
    expect(messages(fixture('invalid/ObjectEvent_with_quantity_as_text.json'))).toEqual([
      'epcisBody.eventList[0].quantityList[0].quantity: quantity must be a number',
    ]);
  });
});

describe('parseEpcisCapture custody rules', () => {
  it('commissions serials with lot and expiry from the ILMD', () => {
    const result = parseEpcisCapture(commissioning());
    expect(result.ok).toBe(true);
    expect(result.events[0]).toMatchObject({
      kind: 'commission',
      action: 'ADD',
      gtin: '10614141073464',
      lot: 'L2501',
      expiry: '2027-01-31',
      quantity: 2,
      location: '0614141007776',
      time: '2025-01-06T08:00:00.000Z',
    });
  });

  it('accepts the three spellings of a bizStep', () => {
    for (const bizStep of [
      'commissioning',
      'urn:epcglobal:cbv:bizstep:commissioning',
      'https://ref.gs1.org/cbv/BizStep-commissioning',
    ]) {
      const doc = commissioning();
      eventOf(doc).bizStep = bizStep;
      expect(parseEpcisCapture(doc).events[0]?.kind, bizStep).toBe('commission');
    }
  });

  it('splits an event naming two products and counts LGTIN quantities by lot', () => {
    const doc = commissioning();
    Object.assign(eventOf(doc), {
      action: 'OBSERVE',
      bizStep: 'shipping',
      ilmd: undefined,
      epcList: ['urn:epc:id:sgtin:0614141.107346.1'],
      quantityList: [
        { epcClass: 'urn:epc:class:lgtin:0614141.107346.L2501', quantity: 40 },
        { epcClass: 'https://id.gs1.org/01/10614141073464/10/L2501', quantity: 2 },
      ],
      sourceList: [{ type: 'owning_party', source: 'urn:epc:id:pgln:0614141.00001' }],
      destinationList: [
        { type: 'location', destination: 'urn:epc:id:sgln:0012345.11111.0' },
        {
          type: 'urn:epcglobal:cbv:sdt:possessing_party',
          destination: 'https://id.gs1.org/417/0012345111112',
        },
      ],
    });
    delete eventOf(doc).ilmd;
    const result = parseEpcisCapture(doc);
    expect(result.issues).toEqual([]);
    expect(
      result.events.map(({ id, lot, serials, quantity, fromParty, toParty }) => ({
        id: id.slice(-2),
        lot,
        serials,
        quantity,
        fromParty,
        toParty,
      })),
    ).toEqual([
      {
        id: '#0',
        lot: undefined,
        serials: ['1'],
        quantity: 1,
        fromParty: '0614141000012',
        toParty: '0012345111112',
      },
      {
        id: '#1',
        lot: 'L2501',
        serials: [],
        quantity: 42,
        fromParty: '0614141000012',
        toParty: '0012345111112',
      },
    ]);
  });

  it('gives the same hash id to the same event in another key order, and another to a changed one', () => {
    const a = commissioning();
    const b = commissioning();
    b.epcisBody.eventList[0] = Object.fromEntries(Object.entries(eventOf(b)).reverse());
    const c = commissioning();
    eventOf(c).eventTime = '2025-01-06T09:00:01.000+01:00';
    const [idA, idB, idC] = [a, b, c].map((doc) => parseEpcisCapture(doc).events[0]?.id);
    expect(idA?.startsWith(EPCIS_HASH_ID_PREFIX)).toBe(true);
    expect(idB).toBe(idA);
    expect(idC).not.toBe(idA);
  });

  it('reports located custody faults', () => {
    const doc = commissioning();
    Object.assign(eventOf(doc), {
      epcList: [
        'urn:epc:id:sgtin:0614141.107346.2017',
        'urn:epc:id:sgtin:0614141.10734.1',
        'https://id.gs1.org/01/10614141073465/21/9',
        'urn:epc:id:sgtin:0614141.107346.2017',
      ],
      ilmd: { 'cbvmda:lotNumber': 'L1', 'cbvmda:itemExpirationDate': '2027-02-30' },
      readPoint: { id: 'urn:epc:id:sgln:0614141.00777.0' },
      bizLocation: { id: 'urn:epc:id:sgln:061414.00777.0' },
    });
    expect(messages(doc)).toEqual([
      'epcisBody.eventList[0].ilmd.cbvmda:itemExpirationDate: not a date (YYYY-MM-DD): "2027-02-30"',
      'epcisBody.eventList[0].epcList[1]: not an SGTIN URN or GTIN+serial Digital Link: urn:epc:id:sgtin:0614141.10734.1',
      'epcisBody.eventList[0].epcList[2]: not an SGTIN URN or GTIN+serial Digital Link: https://id.gs1.org/01/10614141073465/21/9',
      'epcisBody.eventList[0].epcList[3]: serial listed twice: urn:epc:id:sgtin:0614141.107346.2017',
      'epcisBody.eventList[0].bizLocation.id: not an SGLN URN or GLN Digital Link: urn:epc:id:sgln:061414.00777.0',
    ]);
  });

  it('requires lot and expiry to commission, and the right action for each step', () => {
    const doc = commissioning();
    Object.assign(eventOf(doc), { ilmd: {}, action: 'OBSERVE' });
    expect(messages(doc)).toEqual([
      'epcisBody.eventList[0].action: commissioning must have action ADD, not OBSERVE',
      'epcisBody.eventList[0].ilmd: commissioning needs cbvmda:lotNumber (or an LGTIN)',
      'epcisBody.eventList[0].ilmd: commissioning needs cbvmda:itemExpirationDate',
    ]);
  });

  it('refuses input that is not an EPCIS object', () => {
    expect(messages([])).toEqual(['expected an EPCIS 2.0 document or event (a JSON object)']);
    expect(messages({ type: 'Bundle' })).toEqual([
      'type: expected EPCISDocument or an event type (ObjectEvent, AggregationEvent, …), not "Bundle"',
    ]);
    const doc = commissioning();
    doc.epcisBody.eventList.push({ type: 'SensorEvent' });
    expect(messages(doc)).toEqual([
      'epcisBody.eventList[1].type: not an EPCIS 2.0 event type: "SensorEvent"',
    ]);
  });
});
