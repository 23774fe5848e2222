import { NavLink, Outlet } from "react-router";
import { cn } from "@/lib/cn";
import { useAlertsRef } from "../use-project-ref";

const TABS = [
  { label: "Inbox", to: "", end: true },
  { label: "Rules", to: "rules" },
  { label: "Channels", to: "channels" },
  { label: "Notification policy", to: "policy" },
  { label: "Silences", to: "silences" },
  { label: "Deliveries", to: "deliveries" },
  { label: "Analytics", to: "analytics" },
];

/** The alerting section of a project: its sub-navigation and the page below. */
export function AlertsLayout() {
  const { alertsBase } = useAlertsRef();
  return (
    <div className="flex flex-col gap-5">
      <nav aria-label="Alerting" className="flex gap-1 overflow-x-auto border-b border-border">
        {TABS.map((t) => (
          <NavLink
            key={t.label}
            to={t.to ? `${alertsBase}/${t.to}` : alertsBase}
            end={t.end}
            className={({ isActive }) =>
              cn("-mb-px border-b-2 px-3 py-2 text-sm whitespace-nowrap", isActive ? "border-accent font-medium text-fg" : "border-transparent text-muted hover:text-fg")
            }
          >
            {t.label}
          </NavLink>
        ))}
      </nav>
      <Outlet />
    </div>
  );
}
