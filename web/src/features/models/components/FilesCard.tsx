import { AlertTriangle, Download } from "lucide-react";
import { QueryBoundary } from "@/components/QueryBoundary";
import { Badge } from "@/components/ui/Badge";
import { Button } from "@/components/ui/Button";
import { Card, CardHeader } from "@/components/ui/Card";
import { TableSkeleton } from "@/components/ui/Skeleton";
import { Table, Td, Th, Tr } from "@/components/ui/Table";
import { downloadFile } from "@/lib/api/download";
import { formatBytes } from "@/lib/format-bytes";
import { toastError } from "@/lib/toast-error";
import { useVersionFiles, type ModelRef } from "../api/model-queries";

function versionPath(r: ModelRef, version: number) {
  return `/api/v1/orgs/${encodeURIComponent(r.org)}/projects/${encodeURIComponent(r.project)}/models/${encodeURIComponent(r.model)}/versions/${version}`;
}

export function FilesCard({ modelRef, version }: { modelRef: ModelRef; version: number }) {
  const files = useVersionFiles(modelRef, version);
  const zipName = `${modelRef.model}-v${version}.zip`;
  return (
    <Card>
      <CardHeader
        title="Files"
        actions={
          <Button size="sm" onClick={() => void downloadFile(`${versionPath(modelRef, version)}/download`, zipName).catch(toastError)}>
            <Download className="size-3.5" aria-hidden="true" /> Download all (.zip)
          </Button>
        }
      />
      <QueryBoundary
        query={files}
        loading={<TableSkeleton rows={3} />}
      >
        {(data) => (
          <Table label="Files">
            <thead>
              <tr>
                <Th>Path</Th>
                <Th>Format</Th>
                <Th className="hidden md:table-cell">Size</Th>
                <Th className="hidden lg:table-cell">SHA-256</Th>
                <Th>
                  <span className="sr-only">Download</span>
                </Th>
              </tr>
            </thead>
            <tbody>
              {data.map((f) => (
                <Tr key={f.path}>
                  <Td className="font-mono text-xs">{f.path}</Td>
                  <Td className="whitespace-nowrap">
                    <Badge>{f.format}</Badge>
                    {f.executable_code && (
                      <span className="ml-1 inline-flex items-center gap-1 text-xs text-warning" title="Loading this file runs code: only load models you trust.">
                        <AlertTriangle className="size-3" aria-hidden="true" /> runs code
                      </span>
                    )}
                  </Td>
                  <Td className="hidden whitespace-nowrap tabular-nums text-muted md:table-cell">{formatBytes(f.size)}</Td>
                  <Td className="hidden font-mono text-xs whitespace-nowrap text-muted lg:table-cell" title={f.sha256}>
                    {f.sha256.slice(0, 12)}…
                  </Td>
                  <Td className="text-right">
                    <Button
                      size="sm"
                      variant="ghost"
                      aria-label={`Download ${f.path}`}
                      onClick={() =>
                        void downloadFile(`${versionPath(modelRef, version)}/files/${f.path.split("/").map(encodeURIComponent).join("/")}`, f.path.split("/").pop() ?? f.path).catch(toastError)
                      }
                    >
                      <Download className="size-3.5" />
                    </Button>
                  </Td>
                </Tr>
              ))}
            </tbody>
          </Table>
        )}
      </QueryBoundary>
    </Card>
  );
}
