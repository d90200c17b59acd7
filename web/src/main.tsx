import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { loadDirectory } from './lib/members.ts';
import { setPatientAccount } from './lib/patientKey.ts';
import { loadSession, type Session, SessionContext, saveSession } from './lib/session.ts';
import { Auditor } from './pages/Auditor.tsx';
import { ClinicalAi } from './pages/ClinicalAi.tsx';
import { Clinician } from './pages/Clinician.tsx';
import { Consortium } from './pages/Consortium.tsx';
import { PatientAccessLog } from './pages/patient/PatientAccessLog.tsx';
import { PatientConsents } from './pages/patient/PatientConsents.tsx';
import { PatientRecords } from './pages/patient/PatientRecords.tsx';
import { SignIn } from './pages/SignIn.tsx';
import { Supply } from './pages/Supply.tsx';
import './styles.css';

/** Every page: its hash route, its nav label, who sees it. Adding a page is one line here. */
const ROUTES = [
  { path: '/patient/records', label: 'My records', kind: 'patient', page: PatientRecords },
  { path: '/patient/access', label: 'Who looked', kind: 'patient', page: PatientAccessLog },
  { path: '/patient/consents', label: 'My consents', kind: 'patient', page: PatientConsents },
  { path: '/clinician', label: 'Patients', kind: 'staff', page: Clinician },
  { path: '/clinical-ai', label: 'Clinical AI', kind: 'staff', page: ClinicalAi },
  { path: '/supply', label: 'Supply chain', kind: 'staff', page: Supply },
  { path: '/auditor', label: 'Access log', kind: 'staff', page: Auditor },
  { path: '/consortium', label: 'Consortium & models', kind: 'staff', page: Consortium },
] as const;

const currentPath = () => location.hash.replace(/^#/, '') || '/';

function App() {
  const [session, setSessionState] = useState<Session | undefined>(loadSession);
  const [path, setPath] = useState(currentPath);
  const [organisation, setOrganisation] = useState<string>();
  useEffect(() => {
    // The header names the organisation whose node served the page; without it the page still works.
    loadDirectory().then(
      (d) => setOrganisation(d.organisation),
      () => setOrganisation(undefined),
    );
  }, []);
  useEffect(() => {
    const onHash = () => setPath(currentPath());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const setSession = (next: Session | undefined) => {
    saveSession(next);
    if (!next) setPatientAccount(undefined);
    setSessionState(next);
  };
  const visible = ROUTES.filter((r) => r.kind === session?.kind);
  const route = visible.find((r) => r.path === path);
  const Current = session && route ? route.page : session ? visible[0]?.page : SignIn;
  useEffect(() => {
    const title = session && route ? route.label : 'Sign in';
    document.title = `${title} · Caduceus`;
  }, [session, route]);
  return (
    <SessionContext.Provider value={{ session, setSession }}>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header>
        <strong className="brand">⚕ Caduceus</strong>
        {organisation ? <span className="organisation">{organisation}</span> : null}
        {session ? (
          <nav aria-label="Pages">
            <ul>
              {visible.map((r) => (
                <li key={r.path}>
                  <a
                    href={`#${r.path}`}
                    aria-current={(route ?? visible[0])?.path === r.path ? 'page' : undefined}
                  >
                    {r.label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
        {session ? (
          <div className="who">
            <span>{session.label}</span>
            <button type="button" className="secondary" onClick={() => setSession(undefined)}>
              Sign out
            </button>
          </div>
        ) : null}
      </header>
      <main id="main">{Current ? <Current /> : null}</main>
    </SessionContext.Provider>
  );
}

const root = document.getElementById('root');
if (root)
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
