import { Download } from "lucide-react";
import { Button } from "@/components/ui/Button";
import { downloadFile } from "@/lib/api/download";
import { toastError } from "@/lib/toast-error";
import { reportPath, type MonitorRef } from "../api/monitor-queries";
import type { ReportKind } from "../api/report-types";
import type { Span } from "../time-range";

interface ExportButtonsProps {
  monitorRef: MonitorRef;
  kind: ReportKind;
  span: Span;
  /** Extra query parameters of the report on screen (a comparison window). */
  query?: Record<string, number>;
}

/** Downloads the report on screen, for the same range, as CSV or JSON. */
export function ExportButtons({ monitorRef, kind, span, query = {} }: ExportButtonsProps) {
  const name = `${monitorRef.monitor}-${kind}-${new Date(span.from).toISOString().slice(0, 16)}`;
  const download = (format: "csv" | "json") =>
    downloadFile(reportPath(monitorRef, kind, { from: span.from, to: span.to, ...query, format }), `${name}.${format}`).catch(toastError);
  return (
    <div className="flex gap-2" role="group" aria-label="Export">
      <Button size="sm" onClick={() => void download("csv")}>
        <Download className="size-3.5" aria-hidden="true" /> CSV
      </Button>
      <Button size="sm" onClick={() => void download("json")}>
        <Download className="size-3.5" aria-hidden="true" /> JSON
      </Button>
    </div>
  );
}
