import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/Button";
import { Card, CardHeader } from "@/components/ui/Card";
import { Field } from "@/components/ui/Field";
import { FormError } from "@/components/ui/FormError";
import { Input } from "@/components/ui/Input";
import type { User } from "@/lib/api/types";
import { useUpdateName } from "../api/account-queries";

export function ProfileCard({ user }: { user: User }) {
  const update = useUpdateName();
  const [name, setName] = useState(user.name);
  const problem = name.trim() === "" ? "Enter your name." : name.length > 100 ? "Use at most 100 characters." : undefined;
  return (
    <Card>
      <CardHeader title="Profile" description={`Signed in as ${user.email}.`} />
      <form
        className="flex max-w-xl flex-col gap-4 p-5"
        onSubmit={(e) => {
          e.preventDefault();
          if (!problem) update.mutate(name.trim(), { onSuccess: () => toast.success("Name saved") });
        }}
      >
        <Field label="Name" error={name !== user.name ? problem : undefined}>
          <Input value={name} onChange={(e) => setName(e.target.value)} autoComplete="name" />
        </Field>
        <FormError error={update.error} />
        <div>
          <Button type="submit" variant="primary" disabled={!!problem || name.trim() === user.name} loading={update.isPending}>
            Save
          </Button>
        </div>
      </form>
    </Card>
  );
}
