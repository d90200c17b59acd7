import { useEffect } from 'react';

/**
 * Follows a server-sent event stream of the node with the bearer token (EventSource cannot send one, so it reads
 * the stream through fetch) and calls `onEvent` for each event; reconnects after a pause when the stream ends.
 */
export function useServerEvents(path: string, token: string | undefined, onEvent: () => void): void {
  useEffect(() => {
    if (!token) return;
    const abort = new AbortController();
    let retry: ReturnType<typeof setTimeout> | undefined;
    const connect = async () => {
      try {
        const response = await fetch(path, {
          headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
          signal: abort.signal,
        });
        if (!response.ok || !response.body) return;
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          if (value.includes('data:')) onEvent();
        }
      } catch {
        // Aborted or dropped: reconnect below unless the page left.
      }
      if (!abort.signal.aborted) retry = setTimeout(connect, 3000);
    };
    void connect();
    return () => {
      abort.abort();
      if (retry) clearTimeout(retry);
    };
  }, [path, token, onEvent]);
}
