import {
  closestCenter,
  DndContext,
  type DragEndEvent,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
} from "@dnd-kit/core";
import { rectSortingStrategy, SortableContext, sortableKeyboardCoordinates, useSortable } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { GripVertical } from "lucide-react";
import type { ReactNode } from "react";

interface SortablePanelsProps {
  /** The panels' keys in page order. */
  ids: string[];
  /** Called with page positions when a panel is dropped somewhere else. */
  onMove: (from: number, to: number) => void;
  children: ReactNode;
}

/**
 * Drag-and-drop reordering of chart panels with @dnd-kit: by pointer on a panel's grip, or by keyboard
 * (focus the grip, Space to lift, arrow keys to move, Space to drop, Escape to cancel). dnd-kit's
 * live region announces each step to screen readers.
 */
export function SortablePanels({ ids, onMove, children }: SortablePanelsProps) {
  const sensors = useSensors(
    // A few pixels before a drag starts, so a click on the grip is not a drag.
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    onMove(ids.indexOf(String(active.id)), ids.indexOf(String(over.id)));
  };
  return (
    <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
      <SortableContext items={ids} strategy={rectSortingStrategy}>
        {children}
      </SortableContext>
    </DndContext>
  );
}

/** One sortable panel: `children` gets the grip to place in the panel's header. */
export function SortablePanel({ id, label, children }: { id: string; label: string; children: (grip: ReactNode) => ReactNode }) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id });
  const grip = (
    <button
      type="button"
      ref={setActivatorNodeRef}
      {...attributes}
      {...listeners}
      aria-label={`Drag ${label} panel`}
      className="cursor-grab touch-none rounded p-1 text-muted hover:bg-subtle hover:text-fg active:cursor-grabbing"
    >
      <GripVertical className="size-3.5" aria-hidden="true" />
    </button>
  );
  return (
    <div
      ref={setNodeRef}
      data-panel-key={id}
      style={{ transform: CSS.Translate.toString(transform), transition, zIndex: isDragging ? 10 : undefined, position: "relative" }}
      className={isDragging ? "min-w-0 opacity-80 shadow-lg" : "min-w-0"}
    >
      {children(grip)}
    </div>
  );
}
