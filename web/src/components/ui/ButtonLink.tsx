import { Link, type LinkProps } from "react-router";
import { cn } from "@/lib/cn";

const variants = {
  primary: "bg-accent text-accent-fg hover:opacity-90",
  secondary: "border border-border bg-surface hover:bg-subtle",
};

/** A link that looks like a button (navigation stays a link for the keyboard and the back button). */
export function ButtonLink({ variant = "secondary", className, ...rest }: LinkProps & { variant?: keyof typeof variants }) {
  return (
    <Link
      className={cn("inline-flex h-9 items-center justify-center gap-1.5 rounded-md px-3.5 text-sm font-medium whitespace-nowrap", variants[variant], className)}
      {...rest}
    />
  );
}
