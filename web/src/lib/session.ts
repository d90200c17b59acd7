import { createContext, useContext } from 'react';
import type { Credentials } from './api.ts';

/** Who is signed in, for this tab (sessionStorage): a patient (with their record id) or staff with a token. */
export type Session = Credentials & { kind: 'patient' | 'staff'; label: string };

const KEY = 'caduceus.session';

/** The session saved in this tab, if someone signed in here. */
export function loadSession(): Session | undefined {
  const text = sessionStorage.getItem(KEY);
  return text ? (JSON.parse(text) as Session) : undefined;
}

/** Keeps the session for this tab only, or forgets it on sign-out. */
export function saveSession(session: Session | undefined): void {
  if (session) sessionStorage.setItem(KEY, JSON.stringify(session));
  else sessionStorage.removeItem(KEY);
}

/** The session and how to change it, for every page. */
export const SessionContext = createContext<{
  session: Session | undefined;
  setSession: (session: Session | undefined) => void;
}>({ session: undefined, setSession: () => {} });

/** The session of whoever is signed in, for a page. */
export const useSession = () => useContext(SessionContext);
