import { Link, useNavigate } from "react-router";
import { Logo } from "@/components/layout/Logo";
import { useCreateOrg, useOrgs } from "../api/org-queries";
import { OrgForm } from "../components/OrgForm";

export function CreateOrgPage() {
  const create = useCreateOrg();
  const orgs = useOrgs();
  const navigate = useNavigate();
  const first = orgs.data?.length === 0;
  return (
    <main className="flex min-h-screen flex-col items-center px-4 py-16">
      <Logo className="mb-10" />
      <div className="w-full max-w-md rounded-xl border border-border bg-surface p-7 shadow-sm">
        <h1 className="text-lg font-semibold tracking-tight">{first ? "Create your first organization" : "Create an organization"}</h1>
        <p className="mt-1 mb-6 text-sm text-muted">
          An organization holds projects, members and API keys. You will be its admin and can invite your team next.
        </p>
        <OrgForm
          autoSlug
          submitLabel="Create organization"
          pending={create.isPending}
          error={create.error}
          onSubmit={(values) => create.mutateAsync(values).then((org) => navigate(`/o/${org.slug}`))}
        />
      </div>
      {!first && (
        <Link to="/" className="mt-6 text-sm text-muted hover:text-fg hover:underline">
          Cancel
        </Link>
      )}
    </main>
  );
}
