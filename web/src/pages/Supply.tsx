import { type FormEvent, useMemo, useState } from 'react';
import { api } from '../lib/api.ts';
import { Chart } from '../lib/Chart.tsx';
import { useSession } from '../lib/session.ts';
import { Loaded, Notice, Page, when } from '../lib/ui.tsx';
import { useAsync } from '../lib/useAsync.ts';
import { useServerEvents } from '../lib/useServerEvents.ts';

type Verification = {
  genuine: boolean | null;
  state: string;
  lotStatus: string;
  expiresAt?: string;
  expired?: boolean;
  saleable: boolean;
  reasons: string[];
};
type Feature = { feature: string; contribution: number; text: string };
type Case = {
  id: string;
  status: string;
  gtin?: string;
  lotNumber?: string;
  score: number;
  openedAt?: string;
  explanation?: { topFeatures: Feature[] };
};

/** GS1 element string from a scanner: (01) GTIN, (21) serial, (10) lot, (17) expiry YYMMDD. */
export function parseGs1(text: string): { gtin?: string; serial?: string; lot?: string; expiry?: string } {
  const out: Record<string, string> = {};
  for (const [, ai, value] of text.matchAll(/\((01|21|10|17)\)([^(]+)/g)) {
    const key = { '01': 'gtin', '21': 'serial', '10': 'lot', '17': 'expiry' }[ai as '01'];
    if (key && value) out[key] = value.trim();
  }
  return out;
}

function Explanation(props: { features: Feature[] }) {
  const option = useMemo(
    () => ({
      grid: { left: 220, right: 24, top: 8, bottom: 24 },
      xAxis: { type: 'value' },
      yAxis: {
        type: 'category',
        data: props.features.map((f) => f.text).reverse(),
        axisLabel: { width: 210, overflow: 'truncate' },
      },
      series: [{ type: 'bar', data: props.features.map((f) => Number(f.contribution.toFixed(3))).reverse() }],
      tooltip: {},
    }),
    [props.features],
  );
  return (
    <Chart
      option={option}
      label={`Why the model held it: ${props.features.map((f) => f.text).join('; ')}`}
      height={180}
    />
  );
}

/** Package scan and verification, the live list of holds and audit cases, and closing cases as an auditor. */
export function Supply() {
  const { session } = useSession();
  const [scan, setScan] = useState<{ result?: Verification; error?: string }>({});
  const [notice, setNotice] = useState<{ ok?: string; error?: string }>({});
  const cases = useAsync(
    () => api<{ cases: Case[] }>(session, '/supply/v1/cases').then((c) => c.cases),
    [session?.token],
  );
  const { reload } = cases;
  // Live: a new hold or case reloads the list (server-sent events from the node).
  useServerEvents('/supply/v1/stream', session?.token, reload);

  const verify = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const scanned = parseGs1(String(form.get('scanned') ?? ''));
    const fields = {
      gtin: scanned.gtin ?? String(form.get('gtin')).trim(),
      serial: scanned.serial ?? String(form.get('serial')).trim(),
      lot: scanned.lot ?? String(form.get('lot')).trim(),
      expiry: scanned.expiry ?? String(form.get('expiry')).trim(),
    };
    const query = new URLSearchParams(Object.entries(fields).filter(([, v]) => v));
    try {
      setScan({ result: await api<Verification>(session, `/supply/v1/verify?${query}`) });
    } catch (e) {
      setScan({ error: e instanceof Error ? e.message : String(e) });
    }
  };
  const close = async (id: string, action: 'release' | 'confirm') => {
    setNotice({});
    try {
      await api(session, `/supply/v1/cases/${id}/${action}`, {
        method: 'POST',
        body:
          action === 'confirm'
            ? { findings: 'Confirmed from the dashboard', resolution: 'recalled' }
            : { findings: 'Released from the dashboard' },
      });
      setNotice({ ok: `Case ${id} ${action === 'release' ? 'released' : 'confirmed: lot recalled'}` });
      reload();
    } catch (e) {
      setNotice({ error: e instanceof Error ? e.message : String(e) });
    }
  };
  const result = scan.result;
  return (
    <Page
      title="Supply chain"
      intro="Verify a package against the chain, and follow holds and audit cases as they happen."
    >
      <form className="card" aria-label="Verify a package" onSubmit={verify}>
        <h2>Scan or type a package</h2>
        <label>
          Scanner input (GS1 element string)
          <input name="scanned" placeholder="(01)…(21)…(10)…(17)YYMMDD" />
        </label>
        <div className="row">
          <label>
            GTIN
            <input name="gtin" inputMode="numeric" />
          </label>
          <label>
            Serial
            <input name="serial" />
          </label>
          <label>
            Lot
            <input name="lot" />
          </label>
          <label>
            Expiry
            <input name="expiry" placeholder="YYYY-MM-DD" />
          </label>
        </div>
        <button type="submit">Verify</button>
        <Notice error={scan.error} />
        {result ? (
          <div role="status" className={result.saleable ? 'ok' : 'error'} aria-label="Verification">
            <p>
              <strong>
                {result.genuine === false ? 'Not genuine' : result.genuine ? 'Genuine' : 'Unknown serial'}
              </strong>
              {' — '}
              {result.saleable ? 'saleable' : 'do not dispense'}; lot {result.lotStatus}, serial{' '}
              {result.state}
              {result.expiresAt ? `, expires ${result.expiresAt.slice(0, 10)}` : ''}
            </p>
            {result.reasons.length > 0 ? <p>Reasons: {result.reasons.join('; ')}</p> : null}
          </div>
        ) : null}
      </form>
      <h2>Audit cases</h2>
      <Notice error={notice.error} ok={notice.ok} />
      <Loaded state={cases} empty={(c) => c.length === 0} emptyText="No holds or audit cases.">
        {(list) => (
          <ul className="cases" aria-label="Audit cases">
            {list.map((c) => (
              <li key={c.id} className="card">
                <h3>
                  Case {c.id}: {c.status} — GTIN {c.gtin} lot {c.lotNumber}
                </h3>
                <p>
                  Model score {(c.score / 100).toFixed(1)} %{' '}
                  {c.openedAt ? `· opened ${when(c.openedAt)}` : ''}
                </p>
                {c.explanation?.topFeatures.length ? (
                  <Explanation features={c.explanation.topFeatures} />
                ) : null}
                {c.status === 'open' ? (
                  <div className="row">
                    <button
                      type="button"
                      onClick={() => close(c.id, 'release')}
                      aria-label={`Release case ${c.id}`}
                    >
                      Release
                    </button>
                    <button
                      type="button"
                      className="danger"
                      onClick={() => close(c.id, 'confirm')}
                      aria-label={`Confirm and recall case ${c.id}`}
                    >
                      Confirm and recall
                    </button>
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </Loaded>
      <p className="small">
        Only the findings' hash goes on chain; only auditors and regulators may close cases.
      </p>
    </Page>
  );
}
