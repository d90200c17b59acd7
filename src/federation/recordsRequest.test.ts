import { getAddress } from 'viem';
import { describe, expect, it } from 'vitest';
import { InvalidFederatedRequestError } from './federationErrors.ts';
import { parseRecordsRequest, recordsRequestPath } from './recordsRequest.ts';

const patient = '0x00000000000000000000000000000000000000A1';

describe('records request', () => {
  it('parses back what it builds, so both sides agree on the signed URL', () => {
    const request = {
      patient: '0x00000000000000000000000000000000000000a1' as const,
      types: ['Observation', 'Condition'],
      purposeOfUse: 'TREAT' as const,
      practitioner: '0x2222222222222222222222222222222222222222' as const,
    };
    const url = new URL(`http://node.example${recordsRequestPath(request)}`);
    const address = url.pathname.split('/')[4] ?? '';
    expect(parseRecordsRequest(address, url.searchParams)).toEqual({
      ...request,
      patient: getAddress(request.patient),
    });
  });

  it.each([
    ['not-an-address', 'type=Observation&purpose=TREAT'],
    [patient, 'purpose=TREAT'],
    [patient, 'type=Organization&purpose=TREAT'],
    [patient, 'type=Observation'],
    [patient, 'type=Observation&purpose=NOPE'],
    [patient, 'type=Observation&purpose=ETREAT'],
    [patient, 'type=Observation&purpose=TREAT&practitioner=x'],
  ])('refuses %s ?%s', (address, query) => {
    expect(() => parseRecordsRequest(address, new URLSearchParams(query))).toThrow(
      InvalidFederatedRequestError,
    );
  });
});
