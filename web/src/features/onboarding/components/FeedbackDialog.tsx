import { useState } from "react";
import { useLocation } from "react-router";
import { toast } from "sonner";
import { Button } from "@/components/ui/Button";
import { Dialog } from "@/components/ui/Dialog";
import { Field } from "@/components/ui/Field";
import { FormError } from "@/components/ui/FormError";
import { Textarea } from "@/components/ui/Input";
import { APP_VERSION } from "@/lib/version";
import { useSendFeedback } from "../api/onboarding-queries";

/** A message to the organization's admins, sent with the page it was written on and the app's version. */
export function FeedbackDialog({ org, open, onOpenChange }: { org: string; open: boolean; onOpenChange: (open: boolean) => void }) {
  const [message, setMessage] = useState("");
  const send = useSendFeedback(org);
  const location = useLocation();
  const submit = () => {
    if (!message.trim()) return;
    send.mutate(
      { message: message.trim(), page: location.pathname, version: APP_VERSION },
      {
        onSuccess: () => {
          toast.success("Thanks: your admins will read it.");
          setMessage("");
          onOpenChange(false);
        },
      },
    );
  };
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="Send feedback" description="What works, what does not, what you miss. Your organization's admins read it.">
      <form
        className="flex flex-col gap-4"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Field label="Message" hint={`Sent with this page (${location.pathname}) and version ${APP_VERSION}.`}>
          <Textarea value={message} maxLength={4000} onChange={(e) => setMessage(e.target.value)} rows={5} />
        </Field>
        {send.error && <FormError error={send.error} />}
        <div className="flex justify-end gap-2">
          <Button type="button" variant="ghost" onClick={() => onOpenChange(false)}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" disabled={!message.trim() || send.isPending}>
            Send
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
