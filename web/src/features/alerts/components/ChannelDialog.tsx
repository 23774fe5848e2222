import { useState } from "react";
import { Button } from "@/components/ui/Button";
import { Dialog } from "@/components/ui/Dialog";
import { Field } from "@/components/ui/Field";
import { FormError } from "@/components/ui/FormError";
import { Input, Select } from "@/components/ui/Input";
import { isApiError } from "@/lib/api/errors";
import { useSaveChannel } from "../api/channel-queries";
import type { AlertChannel, ChannelKind, ProjectRef } from "../api/alert-types";
import { CHANNEL_FIELDS, CHANNEL_KINDS, configBody, configFieldOf, configInputs, MASKED, secretIsSet } from "../channel-config";
import type { Pair } from "../rule-form";
import { PairsEditor } from "./PairsEditor";

interface ChannelDialogProps {
  projectRef: ProjectRef;
  channel: AlertChannel | null;
  onClose: () => void;
}

/** Create or edit a channel; its kind decides its fields; stored secrets show as "***" and are kept when left blank. */
export function ChannelDialog({ projectRef, channel, onClose }: ChannelDialogProps) {
  const [name, setName] = useState(channel?.name ?? "");
  const [kind, setKind] = useState<ChannelKind>(channel?.kind ?? "webhook");
  const [inputs, setInputs] = useState(() => configInputs(kind, channel?.config as Record<string, unknown> | undefined));
  const [headers, setHeaders] = useState<Pair[]>(() =>
    Object.entries(((channel?.config as Record<string, unknown> | undefined)?.headers as Record<string, string> | undefined) ?? {}).map(([key, value]) => ({ key, value })),
  );
  const [sendResolved, setSendResolved] = useState(channel?.send_resolved ?? true);
  const save = useSaveChannel(projectRef);
  const errorField = isApiError(save.error) ? configFieldOf(save.error.field) : null;
  const fieldError = (key: string) => (errorField === key && isApiError(save.error) ? save.error.message : undefined);
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title={channel ? `Edit ${channel.name}` : "New channel"}>
      <form
        className="flex flex-col gap-4"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate({ id: channel?.id ?? null, body: { name: name.trim(), kind, config: configBody(kind, inputs, headers), send_resolved: sendResolved } }, { onSuccess: onClose });
        }}
      >
        <Field label="Name" error={fieldError("name")}>
          <Input value={name} maxLength={100} onChange={(e) => setName(e.target.value)} required />
        </Field>
        <Field label="Kind" hint={channel ? "The kind of a channel cannot change." : undefined}>
          <Select
            value={kind}
            disabled={!!channel}
            onChange={(e) => {
              const k = e.target.value as ChannelKind;
              setKind(k);
              setInputs(configInputs(k, undefined));
            }}
          >
            {CHANNEL_KINDS.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </Select>
        </Field>
        {CHANNEL_FIELDS[kind].map((f) => (
          <Field key={f.key} label={f.optional ? `${f.label} (optional)` : f.label} hint={f.hint} error={fieldError(f.key)}>
            <Input
              value={inputs[f.key] ?? ""}
              type={f.secret ? "password" : "text"}
              autoComplete="off"
              placeholder={f.secret && secretIsSet(channel, f.key) ? `${MASKED} (unchanged)` : undefined}
              onChange={(e) => setInputs((x) => ({ ...x, [f.key]: e.target.value }))}
            />
          </Field>
        ))}
        {kind === "webhook" && <PairsEditor label="Headers" pairs={headers} onChange={setHeaders} error={fieldError("headers")} />}
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={sendResolved} onChange={(e) => setSendResolved(e.target.checked)} /> Notify when alerts resolve
        </label>
        <FormError error={errorField ? null : save.error} />
        <div className="flex justify-end gap-2">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" loading={save.isPending}>
            {channel ? "Save channel" : "Create channel"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
