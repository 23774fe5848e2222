import { Outlet } from "react-router";
import { PageHeader } from "@/components/ui/PageHeader";
import { useCurrentOrg } from "@/lib/current-org";
import { SettingsTabs } from "../components/SettingsTabs";

export function OrgSettingsLayout() {
  const org = useCurrentOrg();
  return (
    <>
      <PageHeader title="Settings" description={`${org.name} · you are ${org.role === "admin" ? "an admin" : `a ${org.role}`}`} />
      <SettingsTabs />
      <Outlet />
    </>
  );
}
