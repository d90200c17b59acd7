import type { Bundle, Resource } from '@medplum/fhirtypes';
import { fhir, resourcesOf } from '../../lib/api.ts';
import { useSession } from '../../lib/session.ts';
import { Loaded, Page } from '../../lib/ui.tsx';
import { useAsync } from '../../lib/useAsync.ts';
import { describeResource } from '../describeResource.ts';

const TYPES = [
  'Encounter',
  'Condition',
  'Observation',
  'MedicationRequest',
  'Immunization',
  'AllergyIntolerance',
  'DocumentReference',
];

/** The patient's own records by type, newest first (their compartment; no grant needed to see their own). */
export function PatientRecords() {
  const { session } = useSession();
  const state = useAsync(async () => {
    const groups = await Promise.all(
      TYPES.map(async (type) => {
        const bundle = await fhir<Bundle>(session, `${type}?patient=Patient/${session?.patient}&_count=50`);
        return { type, records: resourcesOf<Resource>(bundle).map(describeResource) };
      }),
    );
    return groups.filter((g) => g.records.length > 0);
  }, [session?.token]);
  return (
    <Page title="My records" intro="Everything this organisation holds about you, by type and date.">
      <Loaded
        state={state}
        empty={(g) => g.length === 0}
        emptyText="This organisation holds no records of yours."
      >
        {(groups) =>
          groups.map((group) => (
            <section key={group.type} aria-label={group.type}>
              <h2>
                {group.type} <span className="count">({group.records.length})</span>
              </h2>
              <table>
                <thead>
                  <tr>
                    <th scope="col">Date</th>
                    <th scope="col">What</th>
                  </tr>
                </thead>
                <tbody>
                  {[...group.records]
                    .sort((a, b) => b.date.localeCompare(a.date))
                    .map((r) => (
                      <tr key={r.id}>
                        <td>{r.date.slice(0, 10)}</td>
                        <td>{r.text}</td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </section>
          ))
        }
      </Loaded>
    </Page>
  );
}
