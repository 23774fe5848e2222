import { useState } from "react";
import { Button } from "@/components/ui/Button";
import { FormError } from "@/components/ui/FormError";
import { Select } from "@/components/ui/Input";
import { RoleSelect } from "@/components/ui/RoleSelect";
import type { ProjectMember, Role } from "@/lib/api/types";
import { errorShownInline } from "@/lib/query-client";
import { useOrgPeople, useSetProjectMember } from "../api/project-queries";

/** Adds someone of the organization to the project with a role. */
export function AddProjectMemberForm({ org, project, members }: { org: string; project: string; members: ProjectMember[] }) {
  const people = useOrgPeople(org);
  const add = useSetProjectMember(org, project, errorShownInline);
  const [userId, setUserId] = useState("");
  const [role, setRole] = useState<Role>("developer");
  const candidates = (people.data ?? []).filter((p) => !members.some((m) => m.user_id === p.user_id));

  return (
    <form
      className="flex flex-col gap-3 p-4"
      onSubmit={(e) => {
        e.preventDefault();
        if (userId) add.mutate({ userId, role }, { onSuccess: () => setUserId("") });
      }}
    >
      <div className="flex flex-wrap items-end gap-2">
        <label className="flex min-w-56 flex-1 flex-col gap-1.5 text-sm font-medium">
          Person
          <Select value={userId} onChange={(e) => setUserId(e.target.value)} disabled={people.isPending}>
            <option value="">{candidates.length ? "Choose a member of the organization" : "Everyone is already a member"}</option>
            {candidates.map((p) => (
              <option key={p.user_id} value={p.user_id}>
                {p.name} ({p.email})
              </option>
            ))}
          </Select>
        </label>
        <label className="flex flex-col gap-1.5 text-sm font-medium">
          Role
          <RoleSelect value={role} onChange={setRole} />
        </label>
        <Button type="submit" variant="primary" disabled={!userId} loading={add.isPending}>
          Add member
        </Button>
      </div>
      <FormError error={add.error ?? people.error} />
    </form>
  );
}
