import { followEventStream } from "@/lib/api/event-stream";
import type { DeploymentRef, LogLine } from "./deployment-queries";
import { deploymentPath } from "./invoke";

/** Follows `logs/stream`: the newest lines, then each new one (see followEventStream). */
export function followLogs(
  r: DeploymentRef,
  handlers: { onOpen: () => void; onLine: (line: LogLine) => void },
  signal: AbortSignal,
): Promise<void> {
  return followEventStream(
    `${deploymentPath(r)}/logs/stream?tail=200`,
    {
      onOpen: handlers.onOpen,
      onEvent: (name, data) => {
        if (name !== "log") return;
        try {
          handlers.onLine(JSON.parse(data) as LogLine);
        } catch {
          // a malformed line is skipped, the stream goes on
        }
      },
    },
    signal,
  );
}
