import * as Menu from "@radix-ui/react-dropdown-menu";
import { LogOut, Monitor, Moon, Sun, UserRound } from "lucide-react";
import { useState } from "react";
import { useNavigate } from "react-router";
import { signOut } from "@/lib/auth/refresh";
import { useSession } from "@/lib/auth/use-session";
import { useCurrentOrg } from "@/lib/current-org";
import { queryClient } from "@/lib/query-client";
import { getThemeChoice, setThemeChoice, type ThemeChoice } from "@/lib/theme";

const item = "flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 text-sm outline-none data-[highlighted]:bg-subtle";
const themes: Array<{ value: ThemeChoice; label: string; icon: typeof Sun }> = [
  { value: "light", label: "Light", icon: Sun },
  { value: "dark", label: "Dark", icon: Moon },
  { value: "system", label: "System", icon: Monitor },
];

/** The signed-in user: theme choice and sign out. */
export function UserMenu() {
  const { user } = useSession();
  const org = useCurrentOrg();
  const navigate = useNavigate();
  const [theme, setTheme] = useState(getThemeChoice);
  return (
    <Menu.Root>
      <Menu.Trigger className="flex w-full items-center gap-2 rounded-md px-2 py-1.5 text-left hover:bg-subtle" aria-label="Account menu">
        <span className="flex size-6 shrink-0 items-center justify-center rounded-full bg-subtle text-xs font-semibold">
          {(user?.name || user?.email || "?").slice(0, 1).toUpperCase()}
        </span>
        <span className="min-w-0 flex-1">
          <span className="block truncate text-sm font-medium">{user?.name}</span>
          <span className="block truncate text-xs text-muted">{user?.email}</span>
        </span>
      </Menu.Trigger>
      <Menu.Portal>
        <Menu.Content side="top" align="start" sideOffset={4} className="z-50 min-w-56 rounded-md border border-border bg-surface p-1 shadow-lg">
          <Menu.Label className="px-2 py-1 text-xs text-muted">Theme</Menu.Label>
          <Menu.RadioGroup
            value={theme}
            onValueChange={(v) => {
              setThemeChoice(v as ThemeChoice);
              setTheme(v as ThemeChoice);
            }}
          >
            {themes.map(({ value, label, icon: Icon }) => (
              <Menu.RadioItem key={value} value={value} className={item}>
                <Icon className="size-4" aria-hidden="true" /> {label}
                <Menu.ItemIndicator className="ml-auto text-xs text-accent">●</Menu.ItemIndicator>
              </Menu.RadioItem>
            ))}
          </Menu.RadioGroup>
          <Menu.Separator className="my-1 h-px bg-border" />
          <Menu.Item className={item} onSelect={() => navigate(`/o/${org.slug}/account`)}>
            <UserRound className="size-4" aria-hidden="true" /> Your account
          </Menu.Item>
          <Menu.Item
            className={item}
            onSelect={() =>
              void signOut().finally(() => {
                queryClient.clear();
                navigate("/login", { replace: true });
              })
            }
          >
            <LogOut className="size-4" aria-hidden="true" /> Sign out
          </Menu.Item>
        </Menu.Content>
      </Menu.Portal>
    </Menu.Root>
  );
}
