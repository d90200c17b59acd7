import type { Bundle, Observation, Parameters, RiskAssessment } from '@medplum/fhirtypes';
import { type FormEvent, useMemo, useState } from 'react';
import { api, fhir, resourcesOf } from '../lib/api.ts';
import { Chart } from '../lib/Chart.tsx';
import { useSession } from '../lib/session.ts';
import { Loaded, Notice, Page, shortHex, when } from '../lib/ui.tsx';
import { useAsync } from '../lib/useAsync.ts';
import { useServerEvents } from '../lib/useServerEvents.ts';

type Alert = {
  id: string;
  patient: string;
  level: string;
  /** Absent for a NEWS2 escalation. */
  kind?: 'ventricular-run';
  news2Score?: number;
  risk?: string;
  ventricularRun?: { runs: number; longestBeats: number };
  reasons: string[];
  raisedAt: string;
  acknowledged?: { by: string; at: string };
};

/** The alert's headline: what raised it and how large the finding is. */
function alertTitle(a: Alert): string {
  if (a.kind === 'ventricular-run')
    return `${a.patient}: run of ${a.ventricularRun?.longestBeats ?? '?'} ventricular beats on an ECG (${a.level})`;
  return `${a.patient}: NEWS2 ${a.news2Score ?? '?'} (${a.risk ?? 'unknown'} risk, ${a.level})`;
}

/** Early-warning alerts (NEWS2 and ventricular runs on ECGs), live, each acknowledged by a nurse (audited on the Flag). */
function Alerts() {
  const { session } = useSession();
  const [notice, setNotice] = useState<{ ok?: string; error?: string }>({});
  const alerts = useAsync(
    () => api<{ alerts: Alert[] }>(session, '/alerts/v1?open=true').then((a) => a.alerts),
    [session?.token],
  );
  useServerEvents('/alerts/v1/stream', session?.token, alerts.reload);
  const ack = async (id: string) => {
    try {
      await api(session, `/alerts/v1/${id}/ack`, { method: 'POST', body: {} });
      setNotice({ ok: `Alert ${id} acknowledged` });
      alerts.reload();
    } catch (e) {
      setNotice({ error: e instanceof Error ? e.message : String(e) });
    }
  };
  return (
    <section aria-label="Early-warning alerts">
      <h2>Early-warning alerts</h2>
      <Notice error={notice.error} ok={notice.ok} />
      <Loaded state={alerts} empty={(a) => a.length === 0} emptyText="No open alerts.">
        {(list) => (
          <ul className="cases">
            {list.map((a) => (
              <li key={a.id} className="card">
                <strong>{alertTitle(a)}</strong> raised {when(a.raisedAt)}
                <ol>
                  {a.reasons.map((r) => (
                    <li key={r}>{r}</li>
                  ))}
                </ol>
                {a.acknowledged ? (
                  <p>Acknowledged by {a.acknowledged.by}</p>
                ) : (
                  <button type="button" onClick={() => ack(a.id)} aria-label={`Acknowledge alert ${a.id}`}>
                    Acknowledge
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </Loaded>
    </section>
  );
}

const part = (ext: { url?: string; extension?: unknown[] } | undefined, url: string) =>
  (ext?.extension as { url: string; valueString?: string; valueDecimal?: number }[] | undefined)?.filter(
    (e) => e.url === url,
  ) ?? [];

/** An explained risk prediction: probability, feature contributions as bars, the if-then chain, and its anchor. */
function Risk() {
  const { session } = useSession();
  const [result, setResult] = useState<{ assessment?: RiskAssessment; error?: string; anchor?: string }>({});
  const predict = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    try {
      const response = await fetch('/fhir/R4/RiskAssessment/$predict', {
        method: 'POST',
        headers: {
          authorization: `Bearer ${session?.token}`,
          'content-type': 'application/fhir+json',
          accept: 'application/fhir+json',
          'x-purpose-of-use': 'TREAT',
        },
        body: JSON.stringify({
          resourceType: 'Parameters',
          parameter: [
            { name: 'model', valueString: String(form.get('model')) },
            {
              name: 'subject',
              valueReference: {
                reference: `Patient/${String(form.get('patient')).replace(/^Patient\//, '')}`,
              },
            },
          ],
        }),
      });
      const body = (await response.json()) as Parameters & { issue?: { diagnostics?: string }[] };
      if (!response.ok)
        throw new Error(body.issue?.map((i) => i.diagnostics).join('; ') ?? `${response.status}`);
      const assessment = body.parameter?.find((p) => p.name === 'return')?.resource as
        | RiskAssessment
        | undefined;
      setResult({
        ...(assessment ? { assessment } : {}),
        anchor: response.headers.get('x-caduceus-anchor') ?? 'pending',
      });
    } catch (e) {
      setResult({ error: e instanceof Error ? e.message : String(e) });
    }
  };
  const explanation = result.assessment?.extension?.[0];
  const contributions = part(explanation, 'contribution').map((c) => {
    const fields =
      (c as { extension?: { url: string; valueString?: string; valueDecimal?: number }[] }).extension ?? [];
    return {
      text: fields.find((f) => f.url === 'text')?.valueString ?? '',
      probability: fields.find((f) => f.url === 'probability')?.valueDecimal ?? 0,
    };
  });
  const reasoning = part(explanation, 'reasoning').map(
    (r) =>
      (r as { extension?: { url: string; valueString?: string }[] }).extension?.find((f) => f.url === 'text')
        ?.valueString ?? '',
  );
  const option = useMemo(
    () => ({
      grid: { left: 260, right: 24, top: 8, bottom: 24 },
      xAxis: { type: 'value', name: 'Δ probability' },
      yAxis: {
        type: 'category',
        data: contributions
          .slice(0, 8)
          .map((c) => c.text)
          .reverse(),
        axisLabel: { width: 250, overflow: 'truncate' },
      },
      series: [
        {
          type: 'bar',
          data: contributions
            .slice(0, 8)
            .map((c) => Number(c.probability.toFixed(3)))
            .reverse(),
        },
      ],
      tooltip: {},
    }),
    [contributions],
  );
  const prediction = result.assessment?.prediction?.[0];
  return (
    <form className="card" aria-label="Risk prediction" onSubmit={predict}>
      <h2>Explained risk prediction</h2>
      <div className="row">
        <label>
          Model
          <select name="model" defaultValue="risk-pima-gbdt">
            {['risk-pima-gbdt', 'risk-pima-logistic', 'risk-wdbc-gbdt', 'risk-pbc-gbdt'].map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </label>
        <label>
          Patient id
          <input name="patient" required />
        </label>
        <button type="submit">Predict and explain</button>
      </div>
      <Notice error={result.error} />
      {prediction ? (
        <div aria-live="polite">
          <p>
            <strong>{((prediction.probabilityDecimal ?? 0) * 100).toFixed(1)} %</strong>{' '}
            {prediction.outcome?.text} ({prediction.qualitativeRisk?.coding?.[0]?.code} risk) · stored as
            RiskAssessment/{result.assessment?.id}, anchor {result.anchor} · model hash{' '}
            {shortHex(part(explanation, 'modelHash')[0]?.valueString)}
          </p>
          <Chart
            option={option}
            label={`Feature contributions: ${contributions
              .slice(0, 5)
              .map((c) => c.text)
              .join('; ')}`}
            height={260}
          />
          <h3>If-then reasoning</h3>
          <ol>
            {reasoning.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ol>
        </div>
      ) : null}
    </form>
  );
}

/** A stored ECG: its first lead drawn from SampledData, heart rate, and beats by AAMI class. */
function Ecg() {
  const { session } = useSession();
  const [patient, setPatient] = useState('');
  const ecgs = useAsync(
    async () =>
      patient
        ? resourcesOf<Observation>(
            await fhir<Bundle>(
              session,
              `Observation?patient=Patient/${patient}&code=http://loinc.org|11524-6&_count=5`,
            ),
          )
        : [],
    [patient, session?.token],
  );
  const first = ecgs.value?.[0];
  const lead = first?.component?.find((c) => c.valueSampledData);
  const option = useMemo(() => {
    const sampled = lead?.valueSampledData;
    const values = (sampled?.data ?? '').split(' ').filter(Boolean).slice(0, 3600).map(Number);
    return {
      grid: { left: 48, right: 16, top: 16, bottom: 32 },
      xAxis: { type: 'value', name: 's', max: (values.length * (sampled?.period ?? 1)) / 1000 },
      yAxis: { type: 'value', name: 'mV', scale: true },
      series: [
        {
          type: 'line',
          showSymbol: false,
          data: values.map((v, i) => [(i * (sampled?.period ?? 1)) / 1000, v * (sampled?.factor ?? 1)]),
        },
      ],
    };
  }, [lead]);
  return (
    <section className="card" aria-label="ECG">
      <h2>ECG</h2>
      <form
        className="row"
        aria-label="Find ECGs"
        onSubmit={(e) => {
          e.preventDefault();
          setPatient(String(new FormData(e.currentTarget).get('patient') ?? '').replace(/^Patient\//, ''));
        }}
      >
        <label>
          Patient id
          <input name="patient" />
        </label>
        <button type="submit">Show ECGs</button>
      </form>
      <Loaded
        state={ecgs}
        empty={(l) => l.length === 0}
        emptyText={patient ? 'No ECG for this patient.' : 'Enter a patient.'}
      >
        {() =>
          first ? (
            <div>
              <p>
                {lead?.code?.text} · {first.effectiveDateTime?.slice(0, 19)} ·{' '}
                {first.component
                  ?.filter((c) => c.valueQuantity || c.valueInteger !== undefined)
                  .map(
                    (c) =>
                      `${c.code?.text ?? c.code?.coding?.[0]?.display}: ${c.valueQuantity?.value?.toFixed?.(1) ?? c.valueInteger}`,
                  )
                  .join(' · ')}
              </p>
              <Chart option={option} label={`ECG ${lead?.code?.text ?? ''}, first 10 seconds`} height={220} />
            </div>
          ) : null
        }
      </Loaded>
    </section>
  );
}

type NoteAnswer = {
  deidentified: { text: string };
  extracted: {
    resources: { resource: { resourceType: string }; mention?: { text?: string; assertion?: string } }[];
  };
  screen: {
    score: number;
    band: string;
    escalate: boolean;
    items: { name: string; evidence: { text: string }[] }[];
    explanation: string;
  };
  notice?: string;
};

/** A note: de-identified text, draft resources extracted from it, and the mental-health screen with its phrases. */
function NoteBox() {
  const { session } = useSession();
  const [answer, setAnswer] = useState<{ value?: NoteAnswer; error?: string }>({});
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const text = String(new FormData(event.currentTarget).get('note') ?? '');
    try {
      setAnswer({
        value: await api<NoteAnswer>(session, '/nlp/v1/notes', {
          method: 'POST',
          purpose: 'TREAT',
          body: { text },
        }),
      });
    } catch (e) {
      setAnswer({ error: e instanceof Error ? e.message : String(e) });
    }
  };
  const value = answer.value;
  return (
    <form className="card" aria-label="Clinical note" onSubmit={submit}>
      <h2>Note → structured data</h2>
      <label>
        Clinical note
        <textarea name="note" rows={6} required />
      </label>
      <button type="submit">Analyse</button>
      <Notice error={answer.error} />
      {value ? (
        <div aria-live="polite">
          <h3>De-identified</h3>
          <pre className="note">{value.deidentified.text}</pre>
          <h3>Draft resources ({value.extracted.resources.length})</h3>
          <ul className="records">
            {value.extracted.resources.map((r, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: drafts have no id until stored
              <li key={i}>
                {r.resource.resourceType}: {r.mention?.text}{' '}
                {r.mention?.assertion && r.mention.assertion !== 'present' ? `(${r.mention.assertion})` : ''}
              </li>
            ))}
          </ul>
          <h3>Screen</h3>
          <p>
            PHQ-style score {value.screen.score} of 27 ({value.screen.band})
            {value.screen.escalate ? (
              <strong className="badge danger"> review now: self-harm mentioned</strong>
            ) : null}
          </p>
          <ul>
            {value.screen.items.map((item) => (
              <li key={item.name}>
                {item.name}: {item.evidence.map((e) => `“${e.text}”`).join(', ')}
              </li>
            ))}
          </ul>
          <p className="small">{value.notice ?? value.screen.explanation}</p>
        </div>
      ) : null}
    </form>
  );
}

/** The clinician's AI tools: alerts to acknowledge, explained predictions, ECGs, and the note box. */
export function ClinicalAi() {
  return (
    <Page
      title="Clinical AI"
      intro="Alerts, explained predictions, ECGs and notes — every result stored, explained and auditable."
    >
      <Alerts />
      <Risk />
      <Ecg />
      <NoteBox />
    </Page>
  );
}
