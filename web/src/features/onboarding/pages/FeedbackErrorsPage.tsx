import { NotFoundState } from "@/components/ui/NotFoundState";
import { useCurrentOrg } from "@/lib/current-org";
import { ClientErrorList } from "../components/ClientErrorList";
import { FeedbackList } from "../components/FeedbackList";

/** Organization settings, admins: what members said and what broke in their browsers. */
export function FeedbackErrorsPage() {
  const org = useCurrentOrg();
  if (org.role !== "admin")
    return <NotFoundState title="For admins" description="Feedback and error reports are read by the organization's admins." backTo={`/o/${org.slug}/settings`} backLabel="Settings" />;
  return (
    <div className="flex flex-col gap-6">
      <FeedbackList org={org.slug} />
      <ClientErrorList org={org.slug} />
    </div>
  );
}
