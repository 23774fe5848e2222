import { useEffect, useState } from "react";
import { QueryBoundary } from "@/components/QueryBoundary";
import { Button } from "@/components/ui/Button";
import { Card, CardHeader } from "@/components/ui/Card";
import { SearchInput } from "@/components/ui/SearchInput";
import { errorMessage } from "@/lib/api/errors";
import { useDebouncedValue } from "@/lib/use-debounced-value";
import { useDeploymentLogs, type DeploymentRef, type LogLine } from "../api/deployment-queries";
import { followLogs } from "../api/log-stream";

const KEEP = 1000;

function Lines({ lines, label }: { lines: LogLine[]; label: string }) {
  if (lines.length === 0) return <p className="p-5 text-sm text-muted">No lines.</p>;
  return (
    <pre aria-label={label} tabIndex={0} className="max-h-[32rem] overflow-auto p-5 font-mono text-xs leading-relaxed">
      {lines.map((l, i) => (
        <div key={`${l.at}-${i}`} className={l.stream === "stderr" ? "text-danger" : undefined}>
          <span className="text-muted">{new Date(l.at).toISOString().slice(11, 23)} w{l.worker} </span>
          {l.line}
        </div>
      ))}
    </pre>
  );
}

type LiveState = { kind: "connecting" } | { kind: "live" } | { kind: "paused" } | { kind: "retrying"; reason: string };

/** The workers' lines as they come (server-sent events), reconnecting with a growing delay when the stream ends. */
function useLiveLogs(deploymentRef: DeploymentRef, paused: boolean): { lines: LogLine[]; state: LiveState } {
  const [lines, setLines] = useState<LogLine[]>([]);
  const [state, setState] = useState<LiveState>({ kind: "connecting" });
  const { org, project, deployment } = deploymentRef;
  useEffect(() => {
    if (paused) return;
    const controller = new AbortController();
    let delay = 1000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const connect = () => {
      setState({ kind: "connecting" });
      followLogs(
        { org, project, deployment },
        {
          onOpen: () => {
            delay = 1000;
            // The stream starts with the newest lines again: they replace what the last one showed.
            setLines([]);
            setState({ kind: "live" });
          },
          onLine: (line) => setLines((old) => (old.length >= KEEP ? [...old.slice(old.length - KEEP + 1), line] : [...old, line])),
        },
        controller.signal,
      )
        .then(() => retry("the stream ended"))
        .catch((e: unknown) => retry(errorMessage(e)));
    };
    const retry = (reason: string) => {
      if (controller.signal.aborted) return;
      setState({ kind: "retrying", reason });
      timer = setTimeout(connect, delay);
      delay = Math.min(delay * 2, 30_000);
    };
    connect();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [org, project, deployment, paused]);
  return { lines, state: paused ? { kind: "paused" } : state };
}

/** Live logs of the workers, and a search over the stored ones. */
export function LogsPanel({ deploymentRef }: { deploymentRef: DeploymentRef }) {
  const [q, setQ] = useState("");
  const [paused, setPaused] = useState(false);
  const query = useDebouncedValue(q.trim(), 300);
  const searching = query.length > 0;
  const live = useLiveLogs(deploymentRef, paused || searching);
  const found = useDeploymentLogs(deploymentRef, query);
  const status = searching
    ? `Lines containing “${query}”`
    : live.state.kind === "live"
      ? "Live"
      : live.state.kind === "paused"
        ? "Paused"
        : live.state.kind === "connecting"
          ? "Connecting…"
          : `Reconnecting (${live.state.reason})`;

  return (
    <Card>
      <CardHeader
        title="Logs"
        description="The workers' stdout and stderr (stderr in red)."
        actions={
          !searching && (
            <Button size="sm" onClick={() => setPaused((p) => !p)}>
              {paused ? "Resume" : "Pause"}
            </Button>
          )
        }
      />
      <div className="flex flex-wrap items-center gap-3 px-5 pt-4">
        <SearchInput label="Search logs" placeholder="Search the stored logs" value={q} onChange={setQ} />
        <p role="status" className="text-xs text-muted">
          {status}
        </p>
      </div>
      {searching ? (
        <QueryBoundary query={found} errorTitle="Could not search the logs">
          {(lines) => <Lines lines={lines} label="Matching log lines" />}
        </QueryBoundary>
      ) : (
        <Lines lines={live.lines} label="Live log lines" />
      )}
    </Card>
  );
}
