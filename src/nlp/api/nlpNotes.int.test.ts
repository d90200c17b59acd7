import type { Condition, Patient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaduceusNode, type NodeInfo } from '../../node/CaduceusNode.ts';
import { fhirRequest } from '../../node/testing/fhirRequest.ts';
import { tempNodeConfig } from '../../node/testing/tempNodeConfig.ts';
import { NLP_BASE_PATH } from './createNlpApp.ts';

describe('the note API on a running node', () => {
  // The ward's own clinicians write their patients' records for treatment without a per-patient grant.
  const { config, remove } = tempNodeConfig('caduceus-nlp-', {
    CADUCEUS_CUSTODIAN_POLICY: 'implied-for-treatment',
  });
  let node: CaduceusNode;
  let info: NodeInfo;
  let token: string;
  const fhir = fhirRequest(() => info.fhirBaseUrl);
  const notesUrl = () => `${info.fhirBaseUrl.replace(/\/fhir\/R4$/, '')}${NLP_BASE_PATH}/notes`;

  beforeAll(async () => {
    node = new CaduceusNode({ config });
    info = await node.start();
    token = node.issueToken({ practitioner: 'dr-nlp', scopes: 'user/*.cruds' }).token;
  });

  afterAll(async () => {
    await node?.stop();
    remove();
  });

  it('refuses a request without a token (401 OperationOutcome)', async () => {
    const response = await fetch(notesUrl(), {
      method: 'POST',
      body: 'note',
      headers: { 'content-type': 'text/plain' },
    });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { resourceType: string }).resourceType).toBe('OperationOutcome');
  });

  it('stores drafts from a DocumentReference, readable through the FHIR API', async () => {
    const patient = await fhir<Patient>('Patient', {
      token,
      method: 'POST',
      body: { resourceType: 'Patient', gender: 'female' } satisfies Patient,
    });
    expect(patient.status).toBe(201);
    const note = 'Type 2 diabetes. Denies chest pain. BP 150/95. Allergic to penicillin.';
    const response = await fetch(`${notesUrl()}?store=true`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'x-purpose-of-use': 'TREAT',
        'content-type': 'application/fhir+json',
      },
      body: JSON.stringify({
        resourceType: 'DocumentReference',
        status: 'current',
        subject: { reference: `Patient/${patient.body.id}` },
        content: [{ attachment: { contentType: 'text/plain', data: Buffer.from(note).toString('base64') } }],
      }),
    });
    expect(response.status).toBe(200);
    const answer = (await response.json()) as {
      extracted: { document: string; resources: { stored?: string; resource: { resourceType: string } }[] };
    };
    const stored = answer.extracted.resources.flatMap((r) => (r.stored ? [r.stored] : []));
    expect(stored.length).toBe(4);
    const condition = stored.find((s) => s.startsWith('Condition/')) ?? '';
    const read = await fhir<Condition>(condition, { token });
    expect(read.status).toBe(200);
    expect(read.body.verificationStatus?.coding?.[0]?.code).toBe('unconfirmed');
    expect(read.body.evidence?.[0]?.detail?.[0]?.reference).toBe(answer.extracted.document);
  });
});
