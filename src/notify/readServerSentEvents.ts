/** One server-sent event as a client receives it. */
export type ServerSentEvent = { id: string | undefined; event: string; data: string };

/**
 * A minimal `text/event-stream` client for fetch responses (tests, benchmarks, node-to-node consumers; browsers
 * have `EventSource` but it cannot send a bearer token): calls `onEvent` for each complete event until the stream
 * ends or is aborted. Comments (keep-alives) are skipped; multi-line `data:` fields are joined with newlines.
 */
export async function readServerSentEvents(
  response: Response,
  onEvent: (event: ServerSentEvent) => void,
): Promise<void> {
  if (!response.body) return;
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n');
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let id: string | undefined;
        let event = 'message';
        const data: string[] = [];
        for (const line of frame.split('\n')) {
          if (line.startsWith(':')) continue;
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'id') id = text;
          else if (field === 'event') event = text;
          else if (field === 'data') data.push(text);
        }
        if (data.length > 0) onEvent({ id, event, data: data.join('\n') });
      }
    }
  } catch (error) {
    if (!(error instanceof Error && error.name === 'AbortError')) throw error;
  }
}
