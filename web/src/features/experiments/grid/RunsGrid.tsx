import { closestCenter, DndContext, type DragEndEvent, KeyboardSensor, PointerSensor, useSensor, useSensors } from "@dnd-kit/core";
import { horizontalListSortingStrategy, SortableContext, sortableKeyboardCoordinates, useSortable } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { ArrowDown, ArrowUp, ChevronDown, ChevronRight, GripVertical } from "lucide-react";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { Link } from "react-router";
import { cn } from "@/lib/cn";
import { formatDateTime } from "@/lib/format";
import type { Run } from "../api/run-queries";
import { RunStatusBadge } from "../components/RunStatusBadge";
import { cellText } from "../run-cells";
import { ATTRIBUTE_COLUMNS, columnId, groupColumns, KIND_LABELS, moveColumn, sortKeyOf, type ColumnKind, type RunColumn, type RunSort } from "../run-columns";
import { GroupRow } from "./GroupRow";
import { gridGroups, withServerGroups } from "./run-groups";
import type { RunGroups } from "../api/run-queries";
import { runRows, type RunRow } from "./run-tree";

interface RunsGridProps {
  runsBase: string;
  runs: Run[];
  columns: RunColumn[];
  sort: RunSort;
  onSort: (by: string) => void;
  selected: string[];
  onSelectedChange: (ids: string[]) => void;
  /** Called with every shown column's id in the new order after a header is dragged elsewhere in its group. */
  onColumnsReorder?: (ids: string[]) => void;
  /** A param or tag (`params.x`, `tags.y`) to group the page's runs by, under aggregate rows; null for no grouping. */
  groupBy?: string | null;
  /** The server's groups of the whole search (counts and metric aggregates), when grouping. */
  serverGroups?: RunGroups;
}

// Each column group has its own tint and a left rule, so params, metrics and tags read apart at a glance.
const GROUP_STYLE: Record<ColumnKind, string> = {
  attributes: "",
  params: "bg-sky-500/5 border-l border-l-sky-500/40",
  metrics: "bg-emerald-500/5 border-l border-l-emerald-500/40",
  tags: "bg-amber-500/5 border-l border-l-amber-500/40",
};
const cellBase = "border-b border-border px-2.5 py-1 whitespace-nowrap";
// The run name stays in view while scrolling sideways; it needs an opaque background to cover what passes under it.
const pinned = "sticky left-0 z-10 bg-surface";

function HeaderCell({ column, sort, onSort, first }: { column: RunColumn; sort: RunSort; onSort: (by: string) => void; first: boolean }) {
  const by = sortKeyOf(column);
  const label = column.kind === "attributes" ? ATTRIBUTE_COLUMNS[column.key]!.label : column.key;
  const active = by !== null && sort.by === by;
  // Each header is sortable by drag (dnd-kit): by pointer on its grip, or by keyboard (focus the grip,
  // Space to lift, left/right arrows to move, Space to drop, Escape to cancel).
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id: columnId(column) });
  const style = cn(
    cellBase,
    "bg-surface py-1.5 text-left text-xs font-medium text-muted",
    first && GROUP_STYLE[column.kind],
    isDragging && "relative z-40 opacity-80 shadow-lg",
  );
  const title = column.kind === "attributes" ? undefined : `${KIND_LABELS[column.kind].replace(/s$/, "")} ${column.key}`;
  const text = <span className={cn("inline-block max-w-40 truncate align-bottom", column.kind !== "attributes" && "font-mono")}>{label}</span>;
  const grip = (
    <button
      type="button"
      ref={setActivatorNodeRef}
      {...attributes}
      {...listeners}
      aria-label={`Drag column ${label}`}
      className="mr-0.5 cursor-grab touch-none rounded align-middle text-muted opacity-40 group-hover/th:opacity-100 hover:bg-subtle hover:text-fg focus-visible:opacity-100 active:cursor-grabbing"
    >
      <GripVertical className="size-3" aria-hidden="true" />
    </button>
  );
  const common = {
    ref: setNodeRef,
    scope: "col" as const,
    title,
    "data-column": columnId(column),
    style: { transform: CSS.Translate.toString(transform), transition },
    className: cn(style, "group/th"),
  };
  if (by === null) {
    return (
      <th {...common}>
        {grip}
        {text}
      </th>
    );
  }
  return (
    <th {...common} aria-sort={active ? (sort.descending ? "descending" : "ascending") : "none"}>
      {grip}
      <button type="button" className="inline-flex items-center gap-1 hover:text-fg" onClick={() => onSort(by)}>
        {text}
        {active && (sort.descending ? <ArrowDown className="size-3" aria-hidden="true" /> : <ArrowUp className="size-3" aria-hidden="true" />)}
      </button>
    </th>
  );
}

function BodyCell({ run, column, first, now }: { run: Run; column: RunColumn; first: boolean; now: number }) {
  let content: ReactNode;
  if (column.kind === "attributes" && column.key === "status") content = <RunStatusBadge status={run.status} />;
  else if (column.kind === "attributes" && column.key === "start_time") content = formatDateTime(run.start_time);
  else content = cellText(run, column, now);
  const text = typeof content === "string";
  return (
    <td
      className={cn(
        cellBase,
        first && GROUP_STYLE[column.kind],
        column.kind === "metrics" && "text-right font-mono text-xs tabular-nums",
        column.kind === "params" && "font-mono text-xs",
        column.kind === "attributes" && "text-xs text-muted",
      )}
    >
      {text ? (
        <span className="block max-w-56 truncate" title={content as string}>
          {content}
        </span>
      ) : (
        content
      )}
    </td>
  );
}

/**
 * The runs of one page as an analysis grid: one line per run, the header and the run name stay in
 * view while scrolling (the grid scrolls inside its own box), column groups are tinted apart, and
 * nested runs fold under their parent.
 */
export function RunsGrid({ runsBase, runs, columns, sort, onSort, selected, onSelectedChange, onColumnsReorder, groupBy = null, serverGroups }: RunsGridProps) {
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  // Groups start folded, so the aggregates read as a summary; the runs of a group open on demand.
  const [openGroups, setOpenGroups] = useState<Set<string>>(new Set());
  const groups = groupColumns(columns);
  const ordered = groups.flatMap((g) => g.columns);
  const firstOfGroup = new Set(groups.map((g) => columnId(g.columns[0]!)));
  const pageIds = runs.map((r) => r.id);
  const selectedOnPage = pageIds.filter((id) => selected.includes(id)).length;
  const all = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (all.current) all.current.indeterminate = selectedOnPage > 0 && selectedOnPage < pageIds.length;
  }, [selectedOnPage, pageIds.length]);
  // Read once per render: durations of running runs grow with each refresh, not each frame.
  const [now] = useState(() => Date.now());
  const toggleAll = () =>
    onSelectedChange(selectedOnPage === pageIds.length ? selected.filter((id) => !pageIds.includes(id)) : [...new Set([...selected, ...pageIds])]);
  const toggle = (id: string) => onSelectedChange(selected.includes(id) ? selected.filter((x) => x !== id) : [...selected, id]);
  const sensors = useSensors(
    // A few pixels before a drag starts, so a click on the grip is not a drag.
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || !onColumnsReorder) return;
    const ids = ordered.map(columnId);
    const next = moveColumn(ids, String(active.id), String(over.id));
    if (next !== ids) onColumnsReorder(next);
  };
  const flip = (id: string) => setExpanded((s) => toggled(s, id));
  const runsRows = (rows: RunRow[]) =>
    rows.map(({ run, depth, childCount, expanded: open }) => {
      const isSelected = selected.includes(run.id);
      return (
        <tr key={run.id} className={cn("group", isSelected ? "bg-accent/5" : "hover:bg-subtle/60")}>
          <td className={cn(cellBase, pinned, "w-8 group-hover:bg-subtle")}>
            <input type="checkbox" aria-label={`Select ${run.name}`} checked={isSelected} onChange={() => toggle(run.id)} />
          </td>
          <td className={cn(cellBase, "sticky left-8 z-10 max-w-72 border-r bg-surface group-hover:bg-subtle")}>
            <span className="flex items-center gap-1" style={{ paddingLeft: `${depth * 1.25}rem` }}>
              {childCount > 0 ? (
                <button
                  type="button"
                  className="rounded p-0.5 text-muted hover:bg-subtle hover:text-fg"
                  aria-expanded={open}
                  aria-label={`${open ? "Collapse" : "Expand"} ${childCount} child ${childCount === 1 ? "run" : "runs"} of ${run.name}`}
                  onClick={() => flip(run.id)}
                >
                  {open ? <ChevronDown className="size-3.5" aria-hidden="true" /> : <ChevronRight className="size-3.5" aria-hidden="true" />}
                </button>
              ) : (
                depth > 0 && <span aria-hidden="true" className="w-4.5" />
              )}
              <Link to={`${runsBase}/${run.id}`} className="truncate font-medium hover:underline" title={run.name}>
                {run.name}
              </Link>
              {childCount > 0 && <span className="shrink-0 text-xs text-muted">({childCount})</span>}
            </span>
          </td>
          {ordered.map((c) => (
            <BodyCell key={columnId(c)} run={run} column={c} first={firstOfGroup.has(columnId(c))} now={now} />
          ))}
        </tr>
      );
    });
  const metricKeys = ordered.filter((c) => c.kind === "metrics").map((c) => c.key);

  return (
    <div className="max-h-[70vh] overflow-auto" data-testid="runs-grid">
      {/* Around the table, not in the row: dnd-kit adds its screen-reader text as divs beside its children. */}
      <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
      <table aria-label="Runs" className="w-max min-w-full border-separate border-spacing-0 text-left text-sm">
        <thead className="sticky top-0 z-20">
          <tr>
            {/* Above the checkbox and the run name: no group, so a plain cell (a second "Run" header would repeat the name). */}
            <td colSpan={2} className={cn(pinned, "z-30 border-b border-border bg-surface")} />
            {groups.map((g) => (
              <th
                key={g.kind}
                scope="colgroup"
                colSpan={g.columns.length}
                className={cn(
                  "border-b border-border bg-surface px-2.5 pt-1.5 text-left text-[11px] font-semibold tracking-wide text-muted uppercase",
                  GROUP_STYLE[g.kind],
                )}
              >
                {KIND_LABELS[g.kind]}
              </th>
            ))}
          </tr>
          <tr>
            <th scope="col" className={cn(cellBase, pinned, "z-30 w-8 bg-surface")}>
              <input
                ref={all}
                type="checkbox"
                aria-label="Select all runs on this page"
                checked={pageIds.length > 0 && selectedOnPage === pageIds.length}
                onChange={toggleAll}
              />
            </th>
            <th
              scope="col"
              className={cn(cellBase, "sticky left-8 z-30 bg-surface py-1.5 text-xs font-medium text-muted")}
              aria-sort={sort.by === "attributes.run_name" ? (sort.descending ? "descending" : "ascending") : "none"}
            >
              <button type="button" className="inline-flex items-center gap-1 hover:text-fg" onClick={() => onSort("attributes.run_name")}>
                Run
                {sort.by === "attributes.run_name" &&
                  (sort.descending ? <ArrowDown className="size-3" aria-hidden="true" /> : <ArrowUp className="size-3" aria-hidden="true" />)}
              </button>
            </th>
            {/* One sortable list per group: a column moves within its kind (the group headers span each kind). */}
            {groups.map((g) => (
                <SortableContext key={g.kind} items={g.columns.map(columnId)} strategy={horizontalListSortingStrategy}>
                  {g.columns.map((c) => (
                    <HeaderCell key={columnId(c)} column={c} sort={sort} onSort={onSort} first={firstOfGroup.has(columnId(c))} />
                  ))}
                </SortableContext>
              ))}
          </tr>
        </thead>
        <tbody>
          {groupBy === null
            ? runsRows(runRows(runs, expanded))
            : withServerGroups(gridGroups(runs, groupBy, metricKeys), serverGroups, metricKeys).flatMap((g) => [
                <GroupRow
                  key={`group:${g.id}`}
                  group={g}
                  columns={ordered}
                  firstOfGroup={firstOfGroup}
                  open={openGroups.has(g.id)}
                  onToggle={() => setOpenGroups((s) => toggled(s, g.id))}
                  cellBase={cellBase}
                />,
                ...(openGroups.has(g.id) ? runsRows(runRows(g.runs, expanded)) : []),
              ])}
        </tbody>
      </table>
      </DndContext>
    </div>
  );
}

/** A copy of the set with the id added, or removed when it was there. */
function toggled(s: ReadonlySet<string>, id: string): Set<string> {
  const next = new Set(s);
  if (next.has(id)) next.delete(id);
  else next.add(id);
  return next;
}
