import { useState } from "react";
import { Link, useSearchParams } from "react-router";
import { QueryBoundary } from "@/components/QueryBoundary";
import { Card, CardHeader } from "@/components/ui/Card";
import { EmptyState } from "@/components/ui/EmptyState";
import { Table, Td, Th, Tr } from "@/components/ui/Table";
import { cn } from "@/lib/cn";
import { formatDateTime } from "@/lib/format";
import { formatBytes } from "@/lib/format-bytes";
import { useCompareVersions } from "../api/model-queries";
import { StageBadge } from "../components/StageBadge";
import { useModelRef } from "../use-model-ref";

const KIND_LABEL = { metadata: "Metadata", param: "Parameters of the source run", metric: "Metrics" } as const;

/** A cell of the comparison: timestamps (`*_at`) as dates, byte counts as sizes, numbers rounded. */
function show(key: string, value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "number" && key.endsWith("_at")) return formatDateTime(value);
  if (typeof value === "number" && key === "size_bytes") return formatBytes(value);
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : value.toPrecision(6);
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** 2–10 versions side by side; rows whose values differ are marked, and can be shown alone. */
export function CompareVersionsPage() {
  const { modelRef, base } = useModelRef();
  const [params] = useSearchParams();
  const versions = (params.get("versions") ?? "")
    .split(",")
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);
  const comparison = useCompareVersions(modelRef, versions);
  const [onlyDiffs, setOnlyDiffs] = useState(false);
  const back = (
    <Link to={base} className="text-accent hover:underline">
      Back to the versions
    </Link>
  );

  if (versions.length < 2) return <EmptyState title="Choose versions to compare" description="Tick two to ten versions in the model's version list." action={back} />;

  return (
    <Card>
      <CardHeader
        title={`Comparing ${versions.map((v) => `v${v}`).join(", ")}`}
        description={back}
        actions={
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={onlyDiffs} onChange={(e) => setOnlyDiffs(e.target.checked)} /> Only differences
          </label>
        }
      />
      <QueryBoundary
        query={comparison}
      >
        {(data) => (
          <Table label="Version comparison">
            <thead>
              <tr>
                <Th>Field</Th>
                {data.versions.map((v) => (
                  <Th key={v.version}>
                    <Link to={`${base}/versions/${v.version}`} className="hover:underline">
                      v{v.version}
                    </Link>{" "}
                    <StageBadge stage={v.stage} />
                  </Th>
                ))}
              </tr>
            </thead>
            <tbody>
              {(["metadata", "param", "metric"] as const).map((kind) => {
                const rows = data.rows.filter((r) => r.kind === kind && (!onlyDiffs || r.differs));
                if (rows.length === 0) return null;
                return [
                  <tr key={kind}>
                    <th colSpan={data.versions.length + 1} scope="colgroup" className="bg-subtle px-4 py-1.5 text-left text-xs font-medium text-muted">
                      {KIND_LABEL[kind]}
                    </th>
                  </tr>,
                  ...rows.map((r) => (
                    <Tr key={`${kind}-${r.key}`} className={cn(r.differs && "bg-warning/5")}>
                      <Td className="font-mono text-xs">
                        {r.key}
                        {r.differs && <span className="sr-only"> (differs)</span>}
                      </Td>
                      {r.values.map((value, i) => (
                        <Td key={i} className={cn("font-mono text-xs", r.differs && "font-semibold")}>
                          {show(r.key, value)}
                        </Td>
                      ))}
                    </Tr>
                  )),
                ];
              })}
            </tbody>
          </Table>
        )}
      </QueryBoundary>
    </Card>
  );
}
