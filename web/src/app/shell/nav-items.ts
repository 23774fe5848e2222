import { FolderKanban, KeyRound, ScrollText, Settings, type LucideIcon } from "lucide-react";

export interface NavItem {
  label: string;
  /** Relative to /o/:org. */
  to: string;
  icon: LucideIcon;
  adminOnly?: boolean;
}

/** The organization's sections in the sidebar; a new feature adds its entry here. */
export const navItems: NavItem[] = [
  { label: "Projects", to: "projects", icon: FolderKanban },
  { label: "API keys", to: "api-keys", icon: KeyRound },
  { label: "Audit log", to: "audit-log", icon: ScrollText, adminOnly: true },
  { label: "Settings", to: "settings", icon: Settings },
];
