import type { ReactNode } from "react";
import { Link } from "react-router";

interface EmptyStateProps {
  title: string;
  /** What to do next. */
  description: ReactNode;
  /** A button or form that does it, */
  action?: ReactNode;
  /** or the page where it is done. */
  link?: { to: string; label: string };
  icon?: ReactNode;
}

export function EmptyState({ title, description, action, link, icon }: EmptyStateProps) {
  return (
    <div className="flex flex-col items-center justify-center gap-3 px-6 py-14 text-center">
      {icon && <div className="text-muted">{icon}</div>}
      <h3 className="text-base font-semibold">{title}</h3>
      <p className="max-w-md text-sm text-muted">{description}</p>
      {action}
      {link && (
        <Link to={link.to} className="text-accent hover:underline">
          {link.label}
        </Link>
      )}
    </div>
  );
}
