import type { Bundle } from '@medplum/fhirtypes';
import { useState } from 'react';
import { fhir } from '../lib/api.ts';
import { useSession } from '../lib/session.ts';
import { Loaded, Page } from '../lib/ui.tsx';
import { useAsync } from '../lib/useAsync.ts';
import { AccessTable, accessRows } from './patient/PatientAccessLog.tsx';

/** The organisation's access log with filters (auditors: HOPERAT with an AuditEvent scope). */
export function Auditor() {
  const { session } = useSession();
  const [filters, setFilters] = useState({ patient: '', outcome: '', btgOnly: false });
  const state = useAsync(async () => {
    // Without a patient: the organisation's whole access log (auditors, purpose HOPERAT), newest first.
    const query = new URLSearchParams({ _count: '100' });
    if (filters.patient)
      query.set(
        'patient',
        filters.patient.startsWith('Patient/') ? filters.patient : `Patient/${filters.patient}`,
      );
    return accessRows(await fhir<Bundle>(session, `AuditEvent?${query}`, 'HOPERAT'));
  }, [session?.token, filters.patient]);
  return (
    <Page
      title="Access log"
      intro="Every access to records at this organisation, allowed or refused, with break-the-glass marked and each entry's on-chain anchor; filter by patient."
    >
      <form
        className="row"
        aria-label="Filters"
        onSubmit={(e) => {
          e.preventDefault();
          const form = new FormData(e.currentTarget);
          setFilters({
            patient: String(form.get('patient') ?? '').trim(),
            outcome: String(form.get('outcome') ?? ''),
            btgOnly: form.get('btg') === 'on',
          });
        }}
      >
        <label>
          Patient
          <input name="patient" placeholder="Patient id" />
        </label>
        <label>
          Outcome
          <select name="outcome">
            <option value="">any</option>
            <option value="0">allowed</option>
            <option value="4">refused</option>
          </select>
        </label>
        <label className="check">
          <input type="checkbox" name="btg" /> Break-the-glass only
        </label>
        <button type="submit">Filter</button>
      </form>
      <Loaded state={state} empty={(rows) => rows.length === 0} emptyText="No accesses match.">
        {(rows) => (
          <AccessTable
            rows={rows.filter(
              (r) =>
                (!filters.btgOnly || r.breakTheGlass) &&
                (!filters.outcome || r.outcome === (filters.outcome === '0' ? 'allowed' : 'refused')),
            )}
          />
        )}
      </Loaded>
    </Page>
  );
}
