import type { Bundle, BundleEntry, Resource } from '@medplum/fhirtypes';
import type { SeededRandom } from '../ai/random/SeededRandom.ts';

/** A version-4-shaped UUID from the seeded generator, so the same seed writes the same bundle byte for byte. */
export function seededUuid(random: SeededRandom): string {
  const hex = Array.from({ length: 4 }, () => random.nextUint32().toString(16).padStart(8, '0')).join('');
  const variant = ((Number.parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Collects the resources of one FHIR transaction: each new resource gets a `urn:uuid:` full URL that the others
 * reference and the server rewrites to the ids it assigns; resources with a fixed id are written with PUT.
 */
export class DemoBundleBuilder {
  readonly #entries: BundleEntry[] = [];

  constructor(private readonly random: SeededRandom) {}

  /** Adds a resource created by the server (POST); returns the reference other entries use for it. */
  add(resource: Resource): string {
    const fullUrl = `urn:uuid:${seededUuid(this.random)}`;
    this.#entries.push({ fullUrl, resource, request: { method: 'POST', url: resource.resourceType } });
    return fullUrl;
  }

  /** Adds a resource with a fixed id (PUT: created once, a new version when loaded again). */
  put(resource: Resource & { id: string }): string {
    const reference = `${resource.resourceType}/${resource.id}`;
    this.#entries.push({ resource, request: { method: 'PUT', url: reference } });
    return reference;
  }

  /** How many resources were added. */
  get size(): number {
    return this.#entries.length;
  }

  /** The transaction Bundle (all or nothing on the server). */
  build(): Bundle {
    return { resourceType: 'Bundle', type: 'transaction', entry: [...this.#entries] };
  }
}
