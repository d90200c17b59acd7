import type { ReactNode } from 'react';

/** A page's frame: its title and what it is for. */
export function Page(props: { title: string; intro?: string; children: ReactNode }) {
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">{props.title}</h1>
      {props.intro ? <p className="intro">{props.intro}</p> : null}
      {props.children}
    </section>
  );
}

/** Loading, error and empty states, then the content. */
export function Loaded<T>(props: {
  state: { loading: boolean; value?: T; error?: string };
  empty?: (value: T) => boolean;
  emptyText?: string;
  children: (value: T) => ReactNode;
}) {
  const { state } = props;
  if (state.error)
    return (
      <p role="alert" className="error">
        {state.error}
      </p>
    );
  if (state.loading && state.value === undefined) return <p aria-live="polite">Loading…</p>;
  if (state.value === undefined) return null;
  if (props.empty?.(state.value)) return <p className="empty">{props.emptyText ?? 'Nothing here yet.'}</p>;
  return <>{props.children(state.value)}</>;
}

/** An error or success message announced to screen readers. */
export function Notice(props: { error?: string | undefined; ok?: string | undefined }) {
  if (props.error)
    return (
      <p role="alert" className="error">
        {props.error}
      </p>
    );
  if (props.ok)
    return (
      <p role="status" className="ok">
        {props.ok}
      </p>
    );
  return null;
}

export const shortHex = (hex: string | undefined) => (hex ? `${hex.slice(0, 10)}…${hex.slice(-6)}` : '');
export const when = (iso: string | undefined) => (iso ? new Date(iso).toLocaleString('en-GB') : '');
