import type { OrganisationSpec } from '../node/startConsortium.ts';
import type { CareSetting } from './generatePatientHistory.ts';

/** A demo organisation: its consortium membership and the kind of care it gives. */
export type DemoOrganisation = OrganisationSpec & { setting: CareSetting; city: string };

/** The demo consortium: two hospitals and a clinic, as issue 3 §6 describes it. */
export const demoOrganisations: readonly DemoOrganisation[] = [
  {
    slug: 'hospital-a',
    name: 'Riverside General Hospital',
    roles: ['HOSPITAL', 'AUDITOR'],
    setting: 'hospital',
    city: 'Riverside',
  },
  {
    slug: 'hospital-b',
    name: 'Northgate University Hospital',
    roles: ['HOSPITAL', 'RESEARCHER'],
    setting: 'hospital',
    city: 'Northgate',
  },
  {
    slug: 'clinic-c',
    name: 'Harbourview Family Clinic',
    roles: ['CLINIC'],
    setting: 'clinic',
    city: 'Harbourview',
  },
];
