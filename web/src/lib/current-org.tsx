import { createContext, useContext, type ReactNode } from "react";
import type { Organization } from "@/lib/api/types";

// The organization of the current /o/:org page, loaded once by the shell and read by every feature.
const CurrentOrgContext = createContext<Organization | null>(null);

export function CurrentOrgProvider({ org, children }: { org: Organization; children: ReactNode }) {
  return <CurrentOrgContext.Provider value={org}>{children}</CurrentOrgContext.Provider>;
}

export function useCurrentOrg(): Organization {
  const org = useContext(CurrentOrgContext);
  if (!org) throw new Error("useCurrentOrg outside an organization page");
  return org;
}

export function useIsOrgAdmin(): boolean {
  return useCurrentOrg().role === "admin";
}
