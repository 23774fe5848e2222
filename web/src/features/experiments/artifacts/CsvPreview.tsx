import Papa from "papaparse";
import { useMemo } from "react";
import { Table, Td, Th, Tr } from "@/components/ui/Table";

const MAX_ROWS = 200;

/** The first rows of a CSV (or TSV) as a table; the header row names the columns. */
export function CsvPreview({ text, name }: { text: string; name: string }) {
  const rows = useMemo(() => Papa.parse<string[]>(text, { skipEmptyLines: true, preview: MAX_ROWS + 1 }).data, [text]);
  const [header = [], ...body] = rows;
  return (
    <div className="max-h-[28rem] overflow-auto">
      <Table label={`Preview of ${name}`}>
        <thead>
          <tr>
            {header.map((h, i) => (
              <Th key={i} className="normal-case">
                {h}
              </Th>
            ))}
          </tr>
        </thead>
        <tbody>
          {body.slice(0, MAX_ROWS).map((r, i) => (
            <Tr key={i}>
              {r.map((v, j) => (
                <Td key={j} className="font-mono text-xs whitespace-nowrap">
                  {v}
                </Td>
              ))}
            </Tr>
          ))}
        </tbody>
      </Table>
      {body.length > MAX_ROWS && <p className="px-4 py-2 text-xs text-muted">First {MAX_ROWS} rows; download the file for the rest.</p>}
    </div>
  );
}
