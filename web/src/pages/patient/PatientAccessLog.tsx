import type { AuditEvent, Bundle, Extension } from '@medplum/fhirtypes';
import { fhir } from '../../lib/api.ts';
import { loadMembers, type Member } from '../../lib/members.ts';
import { useSession } from '../../lib/session.ts';
import { Loaded, Page, shortHex, when } from '../../lib/ui.tsx';
import { useAsync } from '../../lib/useAsync.ts';

const ANCHOR = 'urn:caduceus:access-anchor';

/** One row of the access list: who, for what, when, and its on-chain anchor. */
export type AccessRow = {
  id: string;
  who: string;
  organisation: string;
  purpose: string;
  action: string;
  outcome: string;
  recorded: string;
  breakTheGlass: boolean;
  anchor: { status: string; batch?: string; root?: string; transaction?: string; proof: number };
};

const part = (ext: Extension | undefined, url: string) => ext?.extension?.find((e) => e.url === url);

/** The access list's entries with their anchor evidence (the extension sits on the Bundle entry). */
export function accessRows(bundle: Bundle): AccessRow[] {
  return (bundle.entry ?? []).flatMap((entry) => {
    const event = entry.resource as AuditEvent | undefined;
    if (event?.resourceType !== 'AuditEvent') return [];
    const anchor = (entry as { extension?: Extension[] }).extension?.find((e) => e.url === ANCHOR);
    const requester = event.agent?.find((a) => a.requestor);
    const custodian = event.agent?.find((a) => !a.requestor);
    return [
      {
        id: event.id ?? '',
        who:
          requester?.who?.display ??
          requester?.who?.reference ??
          requester?.who?.identifier?.value ??
          'unknown',
        organisation: custodian?.who?.display ?? '',
        purpose: event.purposeOfEvent?.[0]?.coding?.[0]?.code ?? '',
        action: event.subtype?.[0]?.code ?? event.action ?? '',
        outcome: event.outcome === '0' ? 'allowed' : 'refused',
        recorded: event.recorded ?? '',
        breakTheGlass: part(anchor, 'breakTheGlass')?.valueBoolean === true,
        anchor: {
          status: part(anchor, 'status')?.valueCode ?? 'unknown',
          ...(part(anchor, 'batch')?.valueString
            ? { batch: part(anchor, 'batch')?.valueString as string }
            : {}),
          ...(part(anchor, 'root')?.valueString ? { root: part(anchor, 'root')?.valueString as string } : {}),
          ...(part(anchor, 'transaction')?.valueString
            ? { transaction: part(anchor, 'transaction')?.valueString as string }
            : {}),
          proof: anchor?.extension?.filter((e) => e.url === 'proof').length ?? 0,
        },
      },
    ];
  });
}

/** A requester in words: another organisation's node by its name in the consortium, else as recorded. */
function requesterName(who: string, members: Member[] | undefined): string {
  const federated = /^urn:caduceus:federation:(0x[0-9a-fA-F]{40})/.exec(who)?.[1]?.toLowerCase();
  if (!federated) return who;
  const member = members?.find((m) => m.account.toLowerCase() === federated);
  return member ? `${member.name} (another organisation)` : who;
}

/** A table of accesses; break-the-glass rows stand out. */
export function AccessTable(props: { rows: AccessRow[] }) {
  const members = useAsync(loadMembers, []);
  return (
    <table aria-label="Accesses">
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Who</th>
          <th scope="col">Organisation</th>
          <th scope="col">Purpose</th>
          <th scope="col">Action</th>
          <th scope="col">Outcome</th>
          <th scope="col">On chain</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r) => (
          <tr key={r.id} className={r.breakTheGlass ? 'btg' : undefined}>
            <td>{when(r.recorded)}</td>
            <td>{requesterName(r.who, members.value)}</td>
            <td>{r.organisation}</td>
            <td>
              {r.purpose}
              {r.breakTheGlass ? <strong className="badge danger"> break-the-glass</strong> : null}
            </td>
            <td>{r.action}</td>
            <td>{r.outcome}</td>
            <td>
              {r.anchor.status === 'verified' ? (
                <span title={`root ${r.anchor.root}, ${r.anchor.proof} proof nodes`}>
                  ✔ verified in batch {shortHex(r.anchor.batch)} (tx {shortHex(r.anchor.transaction)})
                </span>
              ) : (
                r.anchor.status
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Everyone who looked at the patient's records, newest first, each access proven against the chain. */
export function PatientAccessLog() {
  const { session } = useSession();
  const state = useAsync(
    async () =>
      accessRows(await fhir<Bundle>(session, `AuditEvent?patient=Patient/${session?.patient}&_count=100`)),
    [session?.token],
  );
  return (
    <Page
      title="Who looked at my records"
      intro="Every access, allowed or refused, anchored on the consortium's chain."
    >
      <button type="button" onClick={state.reload}>
        Refresh
      </button>
      <Loaded
        state={state}
        empty={(rows) => rows.length === 0}
        emptyText="Nobody has accessed your records yet."
      >
        {(rows) => <AccessTable rows={rows} />}
      </Loaded>
    </Page>
  );
}
