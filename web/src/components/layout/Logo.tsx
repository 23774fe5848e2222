import { cn } from "@/lib/cn";

export function Logo({ className }: { className?: string }) {
  return (
    <span className={cn("inline-flex items-center gap-2 font-semibold tracking-tight", className)}>
      <svg viewBox="0 0 32 32" className="size-6" aria-hidden="true">
        <rect width="32" height="32" rx="7" className="fill-accent" />
        <path d="M9 23h14l-3-5H12zM12 17h8l-2-4h-4zM14 12h4l-2-4z" className="fill-accent-fg" />
      </svg>
      Cairn
    </span>
  );
}
