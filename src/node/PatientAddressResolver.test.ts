import type { Patient } from '@medplum/fhirtypes';
import { describe, expect, it, vi } from 'vitest';
import { consentFhirSystems } from '../consent/consentFhirSystems.ts';
import { MasterKeyRing } from '../records/crypto/MasterKeyRing.ts';
import { createTestVault, treating } from '../records/service/testing/createTestVault.ts';
import { MemoryRecordStore } from '../records/store/MemoryRecordStore.ts';
import { PatientAddressResolver } from './PatientAddressResolver.ts';

const first = '0x1111111111111111111111111111111111111111';
const second = '0x2222222222222222222222222222222222222222';
const patient = (address: string): Patient => ({
  resourceType: 'Patient',
  id: 'p1',
  identifier: [{ system: consentFhirSystems.address, value: address }],
});

function setup() {
  const store = new MemoryRecordStore();
  const keyRing = MasterKeyRing.ephemeral();
  const resolver = new PatientAddressResolver(store, keyRing);
  const { service } = createTestVault({ store: resolver.watch(store), keyRing });
  const lookups = vi.spyOn(store, 'readCurrent');
  return { store, resolver, service, lookups };
}

describe('PatientAddressResolver', () => {
  it('remembers an address without a vault lookup per call, until that Patient is written', async () => {
    const { resolver, service, lookups } = setup();
    expect(await resolver.addressOf('Patient/p1')).toBeUndefined();
    await service.update(treating, 'Patient', 'p1', patient(first));
    expect(await resolver.addressOf('Patient/p1')).toBe(first);
    const seen = lookups.mock.calls.length;
    expect(await resolver.addressOf('Patient/p1')).toBe(first);
    expect(lookups.mock.calls.length).toBe(seen);

    await service.update(treating, 'Patient', 'p1', patient(second));
    expect(await resolver.addressOf('Patient/p1')).toBe(second);
    await service.delete(treating, 'Patient', 'p1');
    expect(await resolver.addressOf('Patient/p1')).toBeUndefined();
  });

  it('sees a Patient written inside a transaction once it commits, and keeps the old answer if it rolls back', async () => {
    const { resolver, service } = setup();
    await service.update(treating, 'Patient', 'p1', patient(first));
    expect(await resolver.addressOf('Patient/p1')).toBe(first);
    await expect(
      service.transaction(async (tx) => {
        await tx.update(treating, 'Patient', 'p1', patient(second));
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await resolver.addressOf('Patient/p1')).toBe(first);
    let during: Promise<unknown> = Promise.resolve();
    await service.transaction(async (tx) => {
      await tx.update(treating, 'Patient', 'p1', patient(second));
      // Asked before the commit (the memory store answers once the transaction is over).
      during = resolver.addressOf('Patient/p1');
    });
    await during;
    expect(await resolver.addressOf('Patient/p1')).toBe(second);
  });

  it('does not remember an answer read while a write of that Patient was under way', async () => {
    const { store, resolver, service } = setup();
    await service.update(treating, 'Patient', 'p1', patient(first));
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const read = store.readCurrent.bind(store);
    vi.spyOn(store, 'readCurrent').mockImplementationOnce(async (type, id) => {
      const before = await read(type, id);
      await gate;
      return before;
    });
    const racing = resolver.addressOf('Patient/p1');
    await service.update(treating, 'Patient', 'p1', patient(second));
    release();
    expect(await racing).toBe(first);
    expect(await resolver.addressOf('Patient/p1')).toBe(second);
  });

  it('uses the resource it is given, and ignores references that are not to a Patient', async () => {
    const { resolver } = setup();
    expect(await resolver.addressOf('Patient/p1', patient(first))).toBe(first);
    expect(await resolver.addressOf('Group/g1')).toBeUndefined();
  });
});
