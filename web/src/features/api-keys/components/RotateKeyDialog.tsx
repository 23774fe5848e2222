import { useState } from "react";
import { Button } from "@/components/ui/Button";
import { Dialog } from "@/components/ui/Dialog";
import { Field } from "@/components/ui/Field";
import { FormError } from "@/components/ui/FormError";
import { Select } from "@/components/ui/Input";
import type { ApiKey } from "@/lib/api/types";
import { useRotateApiKey } from "../api/api-key-queries";
import { SecretReveal } from "./SecretReveal";

const GRACE_CHOICES = [
  { seconds: 0, label: "Stop the old secret now" },
  { seconds: 3600, label: "Keep it working for 1 hour" },
  { seconds: 86_400, label: "Keep it working for 1 day" },
  { seconds: 604_800, label: "Keep it working for 7 days" },
];

/** Issues a new secret for a key, optionally leaving the old one valid while deployments switch over. */
export function RotateKeyDialog({ org, apiKey, onClose }: { org: string; apiKey: ApiKey | null; onClose: () => void }) {
  const rotate = useRotateApiKey(org);
  const [grace, setGrace] = useState(3600);
  const close = () => {
    rotate.reset();
    setGrace(3600);
    onClose();
  };
  return (
    <Dialog open={!!apiKey} onOpenChange={(o) => !o && close()} title={`Rotate ${apiKey?.name ?? ""}`}>
      {rotate.data ? (
        <>
          <SecretReveal secret={rotate.data.secret} />
          <div className="mt-4 flex justify-end">
            <Button variant="primary" onClick={close}>
              Done
            </Button>
          </div>
        </>
      ) : (
        <form
          className="flex flex-col gap-4"
          onSubmit={(e) => {
            e.preventDefault();
            if (apiKey) rotate.mutate({ keyId: apiKey.id, graceSeconds: grace });
          }}
        >
          <p className="text-sm text-muted">The key keeps its name, scopes and project and gets a new secret.</p>
          <Field label="The old secret">
            <Select value={grace} onChange={(e) => setGrace(Number(e.target.value))}>
              {GRACE_CHOICES.map((c) => (
                <option key={c.seconds} value={c.seconds}>
                  {c.label}
                </option>
              ))}
            </Select>
          </Field>
          <FormError error={rotate.error} />
          <div className="flex justify-end gap-2">
            <Button onClick={close}>Cancel</Button>
            <Button type="submit" variant="primary" loading={rotate.isPending}>
              Rotate key
            </Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
