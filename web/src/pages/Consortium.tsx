import { useMemo, useState } from 'react';
import { api } from '../lib/api.ts';
import { Chart } from '../lib/Chart.tsx';
import { loadMembers } from '../lib/members.ts';
import { useSession } from '../lib/session.ts';
import { Loaded, Page, shortHex, when } from '../lib/ui.tsx';
import { useAsync } from '../lib/useAsync.ts';

type Round = {
  round: number;
  modelHash: string;
  contributions: { site: string; sampleCount: number | '<5'; attestation: string }[];
  dropped: string[];
  epsilonSpent?: number;
  metrics: Record<string, number>;
};
type Job = {
  jobId: string;
  status: string;
  round: number;
  spec: {
    rounds: number;
    algorithm: string;
    secureAggregation: boolean;
    model: { kind: string };
    features: string;
  };
  rounds: Round[];
  model?: { modelHash: string; cardHash: string };
  updatedAt: string;
};

function JobView(props: { job: Job; nameOf: (a: string) => string }) {
  const { job, nameOf } = props;
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 48, top: 36, bottom: 32 },
      xAxis: { type: 'category', name: 'round', data: job.rounds.map((r) => String(r.round)) },
      yAxis: [
        { type: 'value', name: 'AUC', min: 0.5, max: 1 },
        { type: 'value', name: 'ε', min: 0 },
      ],
      series: [
        {
          name: 'held-out AUC',
          type: 'line',
          data: job.rounds.map((r) => Number((r.metrics.auc ?? 0).toFixed(3))),
        },
        ...(job.rounds.some((r) => r.epsilonSpent !== undefined)
          ? [
              {
                name: 'ε spent',
                type: 'bar',
                yAxisIndex: 1,
                data: job.rounds.map((r) => r.epsilonSpent ?? 0),
              },
            ]
          : []),
      ],
    }),
    [job],
  );
  return (
    <article className="card" aria-label={`Job ${job.jobId}`}>
      <h3>
        {job.spec.features} · {job.spec.model.kind} · {job.spec.algorithm}:{' '}
        <span className="status">{job.status}</span>
      </h3>
      <p>
        Job {shortHex(job.jobId)} · {job.round} of {job.spec.rounds} rounds · secure aggregation{' '}
        {job.spec.secureAggregation ? 'on' : 'off'} · updated {when(job.updatedAt)}
      </p>
      <Chart
        option={option}
        label={`Held-out AUC per round: ${job.rounds.map((r) => (r.metrics.auc ?? 0).toFixed(3)).join(', ')}`}
      />
      <table aria-label="Rounds on chain">
        <thead>
          <tr>
            <th scope="col">Round</th>
            <th scope="col">Sites (records)</th>
            <th scope="col">Dropped</th>
            <th scope="col">AUC</th>
            <th scope="col">Model hash on chain</th>
          </tr>
        </thead>
        <tbody>
          {job.rounds.map((r) => (
            <tr key={r.round}>
              <td>{r.round}</td>
              <td>{r.contributions.map((c) => `${nameOf(c.site)} (${c.sampleCount})`).join(', ')}</td>
              <td>{r.dropped.map(nameOf).join(', ') || '—'}</td>
              <td>{r.metrics.auc?.toFixed(3) ?? '—'}</td>
              <td>
                <code>{shortHex(r.modelHash)}</code> ✔ {r.contributions.length} attestations
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {job.model ? (
        <p>
          Final model registered: <code>{shortHex(job.model.modelHash)}</code>, model card{' '}
          <code>{shortHex(job.model.cardHash)}</code>
        </p>
      ) : null}
    </article>
  );
}

/** The consortium's members and the federated jobs this organisation coordinated, round by round from the chain. */
export function Consortium() {
  const { session } = useSession();
  const [open, setOpen] = useState<string>();
  const members = useAsync(loadMembers, []);
  const jobs = useAsync(
    () => api<{ jobs: Job[] }>(session, '/fl/v1/jobs').then((j) => j.jobs),
    [session?.token],
  );
  const nameOf = (address: string) =>
    members.value?.find((m) => m.account.toLowerCase() === address.toLowerCase())?.name ?? shortHex(address);
  return (
    <Page
      title="Consortium and federated learning"
      intro="Who is in the consortium, and the models trained together without sharing data."
    >
      <h2>Members</h2>
      <Loaded state={members} empty={(m) => m.length === 0}>
        {(list) => (
          <table aria-label="Members">
            <thead>
              <tr>
                <th scope="col">Organisation</th>
                <th scope="col">Roles</th>
                <th scope="col">Status</th>
                <th scope="col">Account</th>
              </tr>
            </thead>
            <tbody>
              {list.map((m) => (
                <tr key={m.account}>
                  <td>{m.name}</td>
                  <td>{m.roles.join(', ')}</td>
                  <td>{m.status}</td>
                  <td>
                    <code>{shortHex(m.account)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Loaded>
      <h2>Federated jobs coordinated here</h2>
      <Loaded
        state={jobs}
        empty={(j) => j.length === 0}
        emptyText="This organisation has coordinated no federated job."
      >
        {(list) =>
          list.map((job) =>
            open === job.jobId || list.length === 1 ? (
              <JobView key={job.jobId} job={job} nameOf={nameOf} />
            ) : (
              <button key={job.jobId} type="button" onClick={() => setOpen(job.jobId)}>
                {job.spec.features} ({job.status}, {job.round} rounds)
              </button>
            ),
          )
        }
      </Loaded>
    </Page>
  );
}
