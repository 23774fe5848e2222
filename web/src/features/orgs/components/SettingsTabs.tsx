import { NavLink } from "react-router";
import { cn } from "@/lib/cn";
import { useCurrentOrg } from "@/lib/current-org";

/** General / Members / Invitations / Feedback & errors under the organization's settings. */
export function SettingsTabs() {
  const org = useCurrentOrg();
  const base = `/o/${org.slug}/settings`;
  const tabs = [
    { label: "General", to: base, end: true },
    { label: "Members", to: `${base}/members`, end: false },
    ...(org.role === "admin"
      ? [
          { label: "Invitations", to: `${base}/invitations`, end: false },
          { label: "Feedback & errors", to: `${base}/feedback`, end: false },
        ]
      : []),
  ];
  return (
    <nav aria-label="Settings" className="mb-6 flex gap-1 overflow-x-auto border-b border-border">
      {tabs.map((t) => (
        <NavLink
          key={t.to}
          to={t.to}
          end={t.end}
          className={({ isActive }) =>
            cn("-mb-px border-b-2 px-3 py-2 text-sm whitespace-nowrap", isActive ? "border-accent font-medium" : "border-transparent text-muted hover:text-fg")
          }
        >
          {t.label}
        </NavLink>
      ))}
    </nav>
  );
}
