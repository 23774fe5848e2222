import { PageHeader } from "@/components/ui/PageHeader";
import { useSession } from "@/lib/auth/use-session";
import { PasswordCard } from "../components/PasswordCard";
import { ProfileCard } from "../components/ProfileCard";
import { SessionsCard } from "../components/SessionsCard";

export function AccountPage() {
  const { user } = useSession();
  if (!user) return null;
  return (
    <>
      <PageHeader title="Your account" description="Your profile, password and signed-in sessions, across every organization." />
      <div className="flex flex-col gap-6">
        <ProfileCard user={user} />
        <PasswordCard />
        <SessionsCard />
      </div>
    </>
  );
}
