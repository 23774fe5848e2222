import { createParser } from "eventsource-parser";
import { apiBaseUrl } from "@/lib/api/base-url";
import { ApiError } from "@/lib/api/errors";
import { authorizedFetch } from "@/lib/auth/authorized-fetch";

/**
 * Follows a server-sent event stream of the API (`path` under the API base). The browser's
 * EventSource cannot send the bearer token (it lives in memory, not in a cookie), so the stream is
 * read with fetch and parsed with eventsource-parser. Resolves when the server ends the stream;
 * rejects on an HTTP error; stops quietly when `signal` aborts.
 */
export async function followEventStream(
  path: string,
  handlers: { onOpen: () => void; onEvent: (name: string, data: string) => void },
  signal: AbortSignal,
): Promise<void> {
  const response = await authorizedFetch(new Request(`${apiBaseUrl()}${path}`, { headers: { Accept: "text/event-stream" } }));
  // The signal ends the body's reading rather than riding on the Request: a Request copied for the
  // token (authorizedFetch) cannot always carry a signal from another realm (jsdom in tests).
  if (signal.aborted) {
    void response.body?.cancel();
    return;
  }
  if (!response.ok || !response.body) {
    const body: unknown = await response.json().catch(() => null);
    throw ApiError.fromBody(response.status, body, response.headers.get("X-Request-Id"));
  }
  handlers.onOpen();
  const parser = createParser({ onEvent: (event) => handlers.onEvent(event.event ?? "message", event.data) });
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  signal.addEventListener("abort", () => void reader.cancel(), { once: true });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done || signal.aborted) return;
      parser.feed(decoder.decode(value, { stream: true }));
    }
  } catch (e) {
    if (signal.aborted) return;
    throw e;
  }
}
