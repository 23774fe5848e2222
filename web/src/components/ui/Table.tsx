import type { HTMLAttributes, ReactNode, TdHTMLAttributes, ThHTMLAttributes } from "react";
import { cn } from "@/lib/cn";

/**
 * A table that scrolls sideways on narrow screens instead of squeezing its columns. `focusable`
 * makes the scrolling region a tab stop, for tables without links or buttons to scroll by keyboard.
 */
export function Table({ children, label, focusable = false }: { children: ReactNode; label: string; focusable?: boolean }) {
  return (
    <div className="overflow-x-auto" {...(focusable ? { tabIndex: 0, role: "region", "aria-label": `${label} (scrolls sideways)` } : {})}>
      <table aria-label={label} className="w-full border-collapse text-left text-sm">
        {children}
      </table>
    </div>
  );
}

export function Th({ className, ...rest }: ThHTMLAttributes<HTMLTableCellElement>) {
  return (
    <th
      scope="col"
      className={cn("border-b border-border px-4 py-2 text-xs font-medium text-muted uppercase", className)}
      {...rest}
    />
  );
}

export function Td({ className, ...rest }: TdHTMLAttributes<HTMLTableCellElement>) {
  return <td className={cn("border-b border-border px-4 py-2.5 align-middle", className)} {...rest} />;
}

export function Tr({ className, ...rest }: HTMLAttributes<HTMLTableRowElement>) {
  return <tr className={cn("hover:bg-subtle/60", className)} {...rest} />;
}
