import { zodResolver } from "@hookform/resolvers/zod";
import { useForm, useWatch } from "react-hook-form";
import { toast } from "sonner";
import { Button } from "@/components/ui/Button";
import { Dialog } from "@/components/ui/Dialog";
import { Field } from "@/components/ui/Field";
import { FormError } from "@/components/ui/FormError";
import { Input, Select } from "@/components/ui/Input";
import { applyServerFieldError } from "@/lib/forms";
import { useInvite } from "../api/member-queries";
import { inviteSchema, type InviteValues } from "../schemas";

const roleHelp = {
  admin: "Everything, including members, settings and API keys of others.",
  developer: "Create projects, log runs, register and promote models.",
  viewer: "Read only.",
};

/** Invites someone by email; the server emails them a link valid for 7 days. */
export function InviteDialog({ org, open, onOpenChange }: { org: string; open: boolean; onOpenChange: (o: boolean) => void }) {
  const invite = useInvite(org);
  const form = useForm<InviteValues>({ resolver: zodResolver(inviteSchema), defaultValues: { email: "", role: "developer" } });
  const { errors } = form.formState;
  const role = useWatch({ control: form.control, name: "role" });

  const close = (o: boolean) => {
    if (!o) {
      form.reset();
      invite.reset();
    }
    onOpenChange(o);
  };
  const submit = form.handleSubmit((v) =>
    invite.mutateAsync(v).then(
      (inv) => {
        toast.success(`Invitation sent to ${inv.email}`);
        close(false);
      },
      (e: unknown) => {
        applyServerFieldError(e, form.setError, ["email", "role"]);
      },
    ),
  );

  return (
    <Dialog open={open} onOpenChange={close} title="Invite a member" description="They get an email with a link to join; it expires in 7 days.">
      <form onSubmit={submit} noValidate className="flex flex-col gap-4">
        <Field label="Email" error={errors.email?.message}>
          <Input type="email" autoComplete="off" autoFocus placeholder="grace@example.com" {...form.register("email")} />
        </Field>
        <Field label="Role" error={errors.role?.message} hint={roleHelp[role]}>
          <Select {...form.register("role")}>
            <option value="viewer">Viewer</option>
            <option value="developer">Developer</option>
            <option value="admin">Admin</option>
          </Select>
        </Field>
        <FormError error={invite.error && !Object.keys(errors).length ? invite.error : null} />
        <div className="flex justify-end gap-2">
          <Button onClick={() => close(false)}>Cancel</Button>
          <Button type="submit" variant="primary" loading={invite.isPending}>
            Send invitation
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
