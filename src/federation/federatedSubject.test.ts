import { describe, expect, it } from 'vitest';
import { federatedRequesterOf, federatedSubject, parseFederatedSubject } from './federatedSubject.ts';

const member = '0x1111111111111111111111111111111111111111';
const practitioner = '0x2222222222222222222222222222222222222222';

describe('federated subjects', () => {
  it('round-trips a member with and without a practitioner', () => {
    expect(parseFederatedSubject(federatedSubject({ member }))).toEqual({ member });
    expect(parseFederatedSubject(federatedSubject({ member, practitioner }))).toEqual({
      member,
      practitioner,
    });
  });

  it('gives the practitioner and the member as grantees, never the own-clinician policy', () => {
    expect(federatedRequesterOf(federatedSubject({ member, practitioner }))).toEqual({
      grantees: [practitioner, member],
      ownClinician: false,
    });
  });

  it('leaves local subjects and malformed ones to the node', () => {
    for (const subject of [
      'Practitioner/dr-a',
      'client-1',
      'urn:caduceus:federation:nope',
      `urn:caduceus:federation:${member}:x`,
    ])
      expect(federatedRequesterOf(subject)).toBeUndefined();
  });
});
