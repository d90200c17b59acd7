import type { OrganisationSpec } from '../node/startConsortium.ts';
import type { CareSetting } from './generatePatientHistory.ts';

/** A demo organisation: its consortium membership and the kind of care it gives. */
export type DemoOrganisation = OrganisationSpec & { setting: CareSetting; city: string };

/** The demo consortium: two hospitals and a clinic, as issue 3 §6 describes it. */
export const demoOrganisations: readonly DemoOrganisation[] = [
  {
    slug: 'hospital-a',
    name: 'Riverside General Hospital',
    // Its hospital pharmacy receives and dispenses medicines (PHARMACY); AUDITOR closes supply audit cases.
    roles: ['HOSPITAL', 'AUDITOR', 'PHARMACY'],
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

/** A demo organisation that trades medicines and has no patients (it is not part of `planDemo`). */
export type DemoSupplyOrganisation = OrganisationSpec & { city: string };

/**
 * The demo's supply side: a manufacturer that distributes its own medicines to the hospitals. It is the consortium's
 * AI_ORACLE: its node runs the supply detector (`data/models/supply-detector.json`) over every custody event it
 * writes (commissioning and deliveries) and submits the scores that place holds.
 */
export const demoSupplyOrganisations: readonly DemoSupplyOrganisation[] = [
  {
    slug: 'pharma-d',
    name: 'Meridian Pharmaceuticals',
    roles: ['MANUFACTURER', 'DISTRIBUTOR', 'AI_ORACLE'],
    city: 'Meridian',
  },
];
