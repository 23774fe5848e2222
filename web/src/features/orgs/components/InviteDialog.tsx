import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
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
import { InvitationLink } from "./InvitationLink";

const roleHelp = {
  admin: "Everything, including members, settings and API keys of others.",
  developer: "Create projects, log runs, register and promote models.",
  viewer: "Read only.",
};

/**
 * Invites someone by email; the server emails them a link valid for 7 days. A server without SMTP
 * answers the link instead, and the dialog shows it to copy.
 */
export function InviteDialog({ org, open, onOpenChange }: { org: string; open: boolean; onOpenChange: (o: boolean) => void }) {
  const invite = useInvite(org);
  const [unsent, setUnsent] = useState<{ email: string; url: string } | null>(null);
  const form = useForm<InviteValues>({ resolver: zodResolver(inviteSchema), defaultValues: { email: "", role: "developer" } });
  const { errors } = form.formState;
  const role = useWatch({ control: form.control, name: "role" });

  const close = (o: boolean) => {
    if (!o) {
      form.reset();
      invite.reset();
      setUnsent(null);
    }
    onOpenChange(o);
  };
  const submit = form.handleSubmit((v) =>
    invite.mutateAsync(v).then(
      (inv) => {
        if (!inv.email_sent && inv.accept_url) {
          setUnsent({ email: inv.email, url: inv.accept_url });
          return;
        }
        toast.success(`Invitation sent to ${inv.email}`);
        close(false);
      },
      (e: unknown) => {
        applyServerFieldError(e, form.setError, ["email", "role"]);
      },
    ),
  );

  if (unsent) {
    return (
      <Dialog open={open} onOpenChange={close} title="Invitation created" description={`Pass the link on to ${unsent.email}.`}>
        <div className="flex flex-col gap-4">
          <InvitationLink email={unsent.email} url={unsent.url} />
          <div className="flex justify-end">
            <Button variant="primary" onClick={() => close(false)}>
              Done
            </Button>
          </div>
        </div>
      </Dialog>
    );
  }
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
