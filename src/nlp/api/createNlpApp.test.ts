import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { clinicianHeaders, testAuthenticate } from '../../api/testing/createTestFhirApp.ts';
import { createTestVault, treating } from '../../records/service/testing/createTestVault.ts';
import type { DeidTagger } from '../deid/DeidTagger.ts';
import { loadDeidTagger } from '../deid/loadDeidTagger.ts';
import { SYNTHEA_NOTE_SAMPLE_DIR } from '../extract/loadSyntheaNoteSample.ts';
import { createNlpApp } from './createNlpApp.ts';

const NOTE = [
  'Mr. John Smith seen on 03/14/2024, MRN 12345678, phone 410-555-0199.',
  'HPI: type 2 diabetes. Denies chest pain. r/o pneumonia. Feels hopeless every day and cannot sleep.',
  'Meds: metoprolol 25 mg PO BID.',
  'Allergies: penicillin (hives).',
  'Vitals: BP 142/88, HR 72.',
].join('\n');

type Answer = {
  deidentified: { text: string; spans: { start: number; end: number; type: string }[]; explanation: string };
  extracted: {
    document?: string;
    resources: {
      resource: { resourceType: string; id?: string };
      mention: { text: string; start: number; end: number; assertion: string };
      explanation: string;
      stored?: string;
      notStored?: string;
    }[];
    notDrafted: { kind: string; text: string }[];
  };
  screen: { score: number; band: string; escalate: boolean; notice: string };
  issue?: { diagnostics: string }[];
};

describe('POST /nlp/v1/notes', () => {
  let tagger: DeidTagger;
  beforeAll(async () => {
    tagger = await loadDeidTagger();
  });

  function setup() {
    const vault = createTestVault();
    const app = createNlpApp({
      records: vault.service,
      authenticate: testAuthenticate,
      tagger,
      maxBodyBytes: 4096,
    });
    const post = async (
      body: string,
      type = 'application/json',
      query = '',
      headers: Record<string, string> = clinicianHeaders,
    ) => {
      const response = await app.request(`/notes${query}`, {
        method: 'POST',
        headers: { ...headers, 'Content-Type': type },
        body,
      });
      return { status: response.status, json: (await response.json()) as Answer };
    };
    return { vault, post };
  }

  it('returns the de-identified text, explained drafts and the screen for a plain-text note', async () => {
    const { post } = setup();
    const { status, json } = await post(NOTE, 'text/plain');
    expect(status).toBe(200);
    expect(json.deidentified.text).not.toContain('Smith');
    expect(json.deidentified.text).not.toContain('410-555-0199');
    expect(json.deidentified.spans.length).toBeGreaterThanOrEqual(3);
    const types = json.extracted.resources.map((r) => r.resource.resourceType);
    expect(types).toEqual(
      expect.arrayContaining(['Condition', 'MedicationStatement', 'AllergyIntolerance', 'Observation']),
    );
    for (const r of json.extracted.resources) {
      expect(NOTE.slice(r.mention.start, r.mention.end)).toBe(r.mention.text);
      expect(r.explanation.length).toBeGreaterThan(10);
      expect(r.stored).toBeUndefined();
    }
    const chestPain = json.extracted.resources.find((r) => r.mention.text === 'chest pain');
    expect(chestPain?.mention.assertion).toBe('negated');
    expect(json.screen.score).toBeGreaterThanOrEqual(4);
    expect(json.screen.notice).toMatch(/not a diagnosis/);
  });

  it('stores the drafts and the note through the record service with ?store=true', async () => {
    const { post, vault } = setup();
    const document = {
      resourceType: 'DocumentReference',
      status: 'current',
      subject: { reference: 'Patient/p1' },
      content: [{ attachment: { contentType: 'text/plain', data: Buffer.from(NOTE).toString('base64') } }],
    };
    const { status, json } = await post(JSON.stringify(document), 'application/fhir+json', '?store=true');
    expect(status).toBe(200);
    expect(json.extracted.document).toMatch(/^DocumentReference\//);
    const stored = json.extracted.resources.filter((r) => r.stored);
    expect(stored.length).toBeGreaterThanOrEqual(5);
    const med = json.extracted.resources.find((r) => r.resource.resourceType === 'MedicationStatement');
    expect(med?.stored).toMatch(/^MedicationStatement\//);
    const [type, id] = (stored[0]?.stored ?? '').split('/');
    const read = await vault.service.read(treating, type ?? '', id ?? '');
    expect(JSON.stringify(read.resource)).toContain(json.extracted.document ?? 'missing');
    const writes = vault.audit.events.filter((e) => e.action === 'create' && e.outcome === 'success');
    expect(writes.length).toBe(stored.length + 1);
  });

  it('reads a real Synthea DocumentReference', async () => {
    const { post } = setup();
    const line =
      readFileSync(join(SYNTHEA_NOTE_SAMPLE_DIR, 'DocumentReference.ndjson'), 'utf8').split('\n')[0] ?? '';
    const { status, json } = await post(line.slice(0, 4000), 'application/fhir+json');
    expect(status).toBe(200);
    expect(json.extracted.resources.length).toBeGreaterThan(0);
    expect(json.extracted.resources[0]?.resource).toMatchObject({
      subject: { reference: expect.stringMatching(/^Patient\//) },
    });
  });

  it('answers bad input with 4xx OperationOutcomes', async () => {
    const { post } = setup();
    const cases: [Promise<{ status: number; json: Answer }>, number][] = [
      [post('{', 'application/json'), 400],
      [post('{"text": ""}'), 400],
      [post('{"text": "note", "patient": "Bob"}'), 400],
      [post('{"resourceType": "Patient"}', 'application/fhir+json'), 400],
      [
        post(
          '{"resourceType": "DocumentReference", "status": "current", "content": []}',
          'application/fhir+json',
        ),
        400,
      ],
      [post('<note/>', 'application/xml'), 415],
      [post('x'.repeat(5000), 'text/plain'), 413],
      [post('{"text": "no patient"}', 'application/json', '?store=true'), 400],
      [post('{"text": "note"}', 'application/json', '?store=maybe'), 400],
      [
        post('{"text": "note"}', 'application/json', '', {
          ...clinicianHeaders,
          Authorization: 'Bearer nope',
        }),
        401,
      ],
    ];
    for (const [call, expected] of cases) {
      const { status, json } = await call;
      expect(status).toBe(expected);
      expect(json.issue?.[0]?.diagnostics).toBeTruthy();
    }
  });
});
