import { useCallback, useEffect, useState } from 'react';

/** A promise's state for rendering: loading, the value, or the error's message; `reload` runs it again. */
export function useAsync<T>(run: () => Promise<T>, deps: readonly unknown[]) {
  const [state, setState] = useState<{ loading: boolean; value?: T; error?: string }>({ loading: true });
  const [tick, setTick] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller names the dependencies
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    run().then(
      (value) => live && setState({ loading: false, value }),
      (error: unknown) =>
        live && setState({ loading: false, error: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  return { ...state, reload: useCallback(() => setTick((t) => t + 1), []) };
}
