import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { cn } from "@/lib/cn";

interface PopoverProps {
  /** What the toggle button shows. */
  trigger: ReactNode;
  /** The panel's accessible name (it is a labelled group, not a menu: it holds inputs). */
  label: string;
  triggerClassName: string;
  panelClassName?: string;
  /** The panel's content; `close` hides it (after choosing something). */
  children: (close: () => void) => ReactNode;
}

/**
 * A button that opens a panel below it: closed by the button, Escape (focus goes back to the
 * button) or a click outside. The panel is a labelled group so its inputs keep their own keys.
 */
export function Popover({ trigger, label, triggerClassName, panelClassName, children }: PopoverProps) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const panelId = useId();
  useEffect(() => {
    if (!open) return;
    const away = (e: MouseEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", away);
    return () => document.removeEventListener("mousedown", away);
  }, [open]);

  return (
    <div
      ref={root}
      className="relative"
      onKeyDown={(e) => {
        if (e.key === "Escape" && open) {
          e.stopPropagation();
          setOpen(false);
          button.current?.focus();
        }
      }}
    >
      <button ref={button} type="button" aria-expanded={open} aria-controls={panelId} onClick={() => setOpen((o) => !o)} className={triggerClassName}>
        {trigger}
      </button>
      {open && (
        <div id={panelId} role="group" aria-label={label} className={cn("absolute right-0 z-40 mt-1 rounded-md border border-border bg-surface p-2 shadow-lg", panelClassName)}>
          {children(() => setOpen(false))}
        </div>
      )}
    </div>
  );
}
