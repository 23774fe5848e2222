import { NavLink } from "react-router";
import { Logo } from "@/components/layout/Logo";
import { HelpMenu } from "@/features/onboarding/components/HelpMenu";
import { cn } from "@/lib/cn";
import { useCurrentOrg } from "@/lib/current-org";
import { navItems } from "./nav-items";
import { OrgSwitcher } from "./OrgSwitcher";
import { UserMenu } from "./UserMenu";

export function Sidebar({ onNavigate }: { onNavigate?: () => void }) {
  const org = useCurrentOrg();
  return (
    <div className="flex h-full flex-col gap-4 p-3">
      <Logo className="px-2 pt-1" />
      <div data-tour="org-switcher">
        <OrgSwitcher />
      </div>
      <nav aria-label="Organization" data-tour="nav" className="flex flex-1 flex-col gap-0.5">
        {navItems
          .filter((item) => !item.adminOnly || org.role === "admin")
          .map(({ label, to, icon: Icon }) => (
            <NavLink
              key={to}
              to={`/o/${org.slug}/${to}`}
              onClick={onNavigate}
              className={({ isActive }) =>
                cn(
                  "flex items-center gap-2.5 rounded-md px-2 py-1.5 text-sm",
                  isActive ? "bg-subtle font-medium text-fg" : "text-muted hover:bg-subtle hover:text-fg",
                )
              }
            >
              <Icon className="size-4" aria-hidden="true" />
              {label}
            </NavLink>
          ))}
      </nav>
      <HelpMenu org={org.slug} />
      <UserMenu />
    </div>
  );
}
