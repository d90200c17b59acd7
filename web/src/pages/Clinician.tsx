import type { Bundle, Observation, OperationOutcome, Patient, Resource } from '@medplum/fhirtypes';
import { type FormEvent, useMemo, useState } from 'react';
import { api, fhir, resourcesOf } from '../lib/api.ts';
import { Chart } from '../lib/Chart.tsx';
import { useSession } from '../lib/session.ts';
import { Loaded, Notice, Page } from '../lib/ui.tsx';
import { useAsync } from '../lib/useAsync.ts';
import { describeResource } from './describeResource.ts';

const ADDRESS = 'urn:caduceus:ethereum-address';
const VERIFICATION = 'https://caduceus.health/fhir/federation-verification';

const nameOf = (p: Patient) =>
  [p.name?.[0]?.given?.join(' '), p.name?.[0]?.family].filter(Boolean).join(' ') ||
  p.identifier?.find((i) => i.system !== ADDRESS)?.value ||
  `Patient/${p.id}`;

/** Observations by code, as chart series over time (the codes with the most values first). */
function seriesOf(observations: Observation[]) {
  const byCode = new Map<string, { name: string; points: [string, number][] }>();
  for (const o of observations) {
    const value = o.valueQuantity?.value;
    const at = o.effectiveDateTime;
    if (value === undefined || !at) continue;
    const code = o.code?.coding?.[0]?.code ?? '';
    const entry = byCode.get(code) ?? {
      name: o.code?.coding?.[0]?.display ?? o.code?.text ?? code,
      points: [],
    };
    entry.points.push([at, value]);
    byCode.set(code, entry);
  }
  return [...byCode.values()].sort((a, b) => b.points.length - a.points.length).slice(0, 4);
}

function Timeline(props: { patient: Patient }) {
  const { session } = useSession();
  const id = props.patient.id;
  const state = useAsync(async () => {
    const [observations = [], conditions = [], encounters = [], medications = []] = await Promise.all(
      ['Observation', 'Condition', 'Encounter', 'MedicationRequest'].map(async (type) =>
        resourcesOf<Resource>(await fhir<Bundle>(session, `${type}?patient=Patient/${id}&_count=200`)),
      ),
    );
    return { observations: observations as Observation[], conditions, encounters, medications };
  }, [id, session?.token]);
  const series = useMemo(() => seriesOf(state.value?.observations ?? []), [state.value]);
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 40, bottom: 32 },
      xAxis: { type: 'time' },
      yAxis: { type: 'value', scale: true },
      series: series.map((s) => ({
        name: s.name,
        type: 'line',
        showSymbol: true,
        data: [...s.points].sort((a, b) => a[0].localeCompare(b[0])),
      })),
    }),
    [series],
  );
  return (
    <Loaded state={state}>
      {(t) => (
        <div>
          <h2>Observations over time</h2>
          {series.length > 0 ? (
            <Chart option={option} label={`Chart of ${series.map((s) => s.name).join(', ')} over time`} />
          ) : (
            <p className="empty">No measurements you may see.</p>
          )}
          {(
            [
              ['Conditions', t.conditions],
              ['Encounters', t.encounters],
              ['Medications', t.medications],
            ] as const
          ).map(([title, list]) => (
            <section key={title} aria-label={title}>
              <h2>
                {title} <span className="count">({list.length})</span>
              </h2>
              <ul className="records">
                {list
                  .map(describeResource)
                  .sort((a, b) => b.date.localeCompare(a.date))
                  .slice(0, 20)
                  .map((r) => (
                    <li key={r.id}>
                      <time>{r.date.slice(0, 10)}</time> {r.text}
                    </li>
                  ))}
              </ul>
            </section>
          ))}
        </div>
      )}
    </Loaded>
  );
}

/** Records of a patient held by other organisations, fetched node to node and verified against the chain. */
function RemoteRecords(props: { address?: string }) {
  const { session } = useSession();
  const [result, setResult] = useState<{ entries: Resource[]; refusals: string[] }>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [reason, setReason] = useState('');
  const request = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const address = String(form.get('address')).trim();
    const breakTheGlass = form.get('btg') === 'on';
    setBusy(true);
    setError(undefined);
    try {
      const bundle = await api<Bundle>(session, '/federation/v1/fetch', {
        method: 'POST',
        purpose: breakTheGlass ? 'ETREAT' : 'TREAT',
        ...(breakTheGlass ? { headers: { 'x-break-the-glass-reason': reason } } : {}),
        body: { patient: address, types: ['Observation', 'Condition', 'Encounter', 'MedicationRequest'] },
      });
      const all = resourcesOf<Resource>(bundle);
      setResult({
        entries: all.filter((r) => r.resourceType !== 'OperationOutcome'),
        refusals: all
          .filter((r): r is OperationOutcome => r.resourceType === 'OperationOutcome')
          .flatMap((o) => o.issue.map((i) => i.diagnostics ?? i.code)),
      });
    } catch (e) {
      setResult(undefined);
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card" aria-label="Request records from other organisations" onSubmit={request}>
      <h2>Records held elsewhere</h2>
      <label>
        Patient's chain address
        <input name="address" defaultValue={props.address ?? ''} required pattern="0x[0-9a-fA-F]{40}" />
      </label>
      <label className="check">
        <input type="checkbox" name="btg" /> Break the glass (emergency; audited and shown to the patient)
      </label>
      <label>
        Reason for breaking the glass
        <input name="reason" value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>
      <button type="submit" disabled={busy}>
        Request through the record locator
      </button>
      <Notice error={error} />
      {result ? (
        <div aria-live="polite">
          <p>
            {result.entries.length} records received
            {result.refusals.length > 0 ? `; ${result.refusals.join('; ')}` : ''}
          </p>
          <ul className="records" aria-label="Records received">
            {result.entries.map((r) => {
              const line = describeResource(r);
              const tag = r.meta?.tag?.find((t) => t.system === VERIFICATION)?.code ?? 'unverified';
              return (
                <li key={line.id}>
                  <span className={`badge ${tag === 'verified' ? 'ok' : ''}`}>{tag}</span>{' '}
                  <time>{line.date.slice(0, 10)}</time> {line.text}
                </li>
              );
            })}
          </ul>
        </div>
      ) : null}
    </form>
  );
}

/** The clinician's patients (consent decides who is listed), a patient's timeline, and records from elsewhere. */
export function Clinician() {
  const { session } = useSession();
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState<Patient>();
  const patients = useAsync(
    async () =>
      resourcesOf<Patient>(
        await fhir<Bundle>(session, `Patient?_count=25${query ? `&name=${encodeURIComponent(query)}` : ''}`),
      ),
    [query, session?.token],
  );
  const address = selected?.identifier?.find((i) => i.system === ADDRESS)?.value;
  return (
    <Page
      title="Patients"
      intro="The patients you may see under their consent, their timelines, and records from other organisations."
    >
      <div className="columns">
        <div>
          <form
            aria-label="Search patients"
            onSubmit={(e) => {
              e.preventDefault();
              setQuery(String(new FormData(e.currentTarget).get('q') ?? ''));
            }}
          >
            <label>
              Search by name
              <input name="q" type="search" />
            </label>
            <button type="submit">Search</button>
          </form>
          <Loaded state={patients} empty={(l) => l.length === 0} emptyText="No patients you may see.">
            {(list) => (
              <ul className="patients" aria-label="Patients">
                {list.map((p) => (
                  <li key={p.id}>
                    <button type="button" aria-pressed={selected?.id === p.id} onClick={() => setSelected(p)}>
                      {nameOf(p)} {p.birthDate ? `(${p.birthDate})` : ''}
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </Loaded>
        </div>
        <div>
          {selected ? (
            <h2>{nameOf(selected)}</h2>
          ) : (
            <p className="empty">Choose a patient to see their timeline.</p>
          )}
          {selected ? <Timeline patient={selected} /> : null}
          <RemoteRecords key={address ?? 'none'} {...(address ? { address } : {})} />
        </div>
      </div>
    </Page>
  );
}
