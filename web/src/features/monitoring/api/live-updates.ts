import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { followEventStream } from "@/lib/api/event-stream";
import type { MonitorRef } from "./monitor-queries";

/** Monitors whose dashboard hears their updates now: their reports poll only as a safety net. */
const following = new Set<string>();

export function monitorKey(r: MonitorRef): string {
  return `${r.org}/${r.project}/${r.monitor}`;
}

export function isFollowed(r: MonitorRef): boolean {
  return following.has(monitorKey(r));
}

const RETRY_MS = 5_000;

/**
 * While `live`, follows the monitor's `events` stream and refetches its queries on each `update`
 * (any replica's flush), so a live dashboard changes within seconds of the traffic instead of on
 * a 10-second poll. Reconnects after a drop; answers whether the stream is open.
 */
export function useMonitorLiveUpdates(r: MonitorRef, live: boolean): boolean {
  const [connected, setConnected] = useState(false);
  const queryClient = useQueryClient();
  const { org, project, monitor } = r;
  useEffect(() => {
    if (!live) return;
    const ref = { org, project, monitor };
    const key = monitorKey(ref);
    const abort = new AbortController();
    let retry: ReturnType<typeof setTimeout> | undefined;
    const path = `/api/v1/orgs/${encodeURIComponent(org)}/projects/${encodeURIComponent(project)}/monitors/${encodeURIComponent(monitor)}/events`;
    const open = () => {
      followEventStream(
        path,
        {
          onOpen: () => {
            following.add(key);
            setConnected(true);
          },
          onEvent: (name) => {
            if (name === "update") void queryClient.invalidateQueries({ queryKey: ["orgs", org, "projects", project, "monitors", monitor] });
          },
        },
        abort.signal,
      )
        .catch(() => undefined)
        .finally(() => {
          following.delete(key);
          setConnected(false);
          if (!abort.signal.aborted) retry = setTimeout(open, RETRY_MS);
        });
    };
    open();
    return () => {
      abort.abort();
      clearTimeout(retry);
      following.delete(key);
    };
  }, [org, project, monitor, live, queryClient]);
  return live && connected;
}
