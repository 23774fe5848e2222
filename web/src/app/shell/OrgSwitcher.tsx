import * as Menu from "@radix-ui/react-dropdown-menu";
import { Check, ChevronsUpDown, Plus } from "lucide-react";
import { useNavigate } from "react-router";
import { useOrgs } from "@/features/orgs/api/org-queries";
import { useCurrentOrg } from "@/lib/current-org";

const item = "flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 text-sm outline-none data-[highlighted]:bg-subtle";

/** Switches between the user's organizations; also the way to create one. */
export function OrgSwitcher() {
  const current = useCurrentOrg();
  const orgs = useOrgs();
  const navigate = useNavigate();
  return (
    <Menu.Root>
      <Menu.Trigger
        className="flex w-full items-center gap-2 rounded-md px-2 py-1.5 text-left hover:bg-subtle"
        aria-label={`Organization: ${current.name}. Switch organization`}
      >
        <span className="flex size-6 shrink-0 items-center justify-center rounded bg-accent/15 text-xs font-semibold text-accent">
          {current.name.slice(0, 1).toUpperCase()}
        </span>
        <span className="min-w-0 flex-1 truncate font-medium">{current.name}</span>
        <ChevronsUpDown className="size-4 text-muted" aria-hidden="true" />
      </Menu.Trigger>
      <Menu.Portal>
        <Menu.Content align="start" sideOffset={4} className="z-50 min-w-56 rounded-md border border-border bg-surface p-1 shadow-lg">
          <Menu.Label className="px-2 py-1 text-xs text-muted">Organizations</Menu.Label>
          {(orgs.data ?? [current]).map((org) => (
            <Menu.Item key={org.id} className={item} onSelect={() => navigate(`/o/${org.slug}`)}>
              <span className="min-w-0 flex-1 truncate">{org.name}</span>
              <span className="text-xs text-muted">{org.role}</span>
              {org.id === current.id && <Check className="size-4" aria-label="current" />}
            </Menu.Item>
          ))}
          <Menu.Separator className="my-1 h-px bg-border" />
          <Menu.Item className={item} onSelect={() => navigate("/orgs/new")}>
            <Plus className="size-4" aria-hidden="true" /> Create organization
          </Menu.Item>
        </Menu.Content>
      </Menu.Portal>
    </Menu.Root>
  );
}
