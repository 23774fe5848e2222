import { Plus, Trash2, X } from "lucide-react";
import { Button } from "@/components/ui/Button";
import { Field } from "@/components/ui/Field";
import { Input } from "@/components/ui/Input";
import type { RouteForm } from "../policy-form";
import { ChannelChecks } from "./ChannelChecks";
import { MatchersEditor } from "./MatchersEditor";

interface RouteEditorProps {
  index: number;
  route: RouteForm;
  channels: string[];
  onChange: (r: RouteForm) => void;
  onRemove: () => void;
}

/** One route of the policy: which alerts (matchers), where to (channels), how they are grouped, and how to escalate. */
export function RouteEditor({ index, route: r, channels, onChange, onRemove }: RouteEditorProps) {
  const set = (p: Partial<RouteForm>) => onChange({ ...r, ...p });
  const title = `Route ${index + 1}${r.name ? `: ${r.name}` : ""}`;
  return (
    <section aria-label={title} className="flex flex-col gap-4 rounded-lg border border-border p-4">
      <div className="flex items-center justify-between gap-2">
        <h3 className="text-sm font-semibold">{title}</h3>
        <Button size="sm" variant="ghost" aria-label={`Remove route ${index + 1}`} onClick={onRemove}>
          <Trash2 className="size-3.5" aria-hidden="true" /> Remove
        </Button>
      </div>
      <Field label="Name">
        <Input value={r.name} onChange={(e) => set({ name: e.target.value })} />
      </Field>
      <MatchersEditor label={`Matchers of route ${index + 1} (none: every alert)`} matchers={r.matchers} onChange={(matchers) => set({ matchers })} />
      <ChannelChecks label="Send to" channels={channels} value={r.channels} onChange={(c) => set({ channels: c })} />
      <div className="grid gap-3 sm:grid-cols-4">
        <Field label="Group by" hint={'Label names; "..." for all.'}>
          <Input value={r.groupBy} onChange={(e) => set({ groupBy: e.target.value })} />
        </Field>
        <Field label="Group wait">
          <Input value={r.groupWait} onChange={(e) => set({ groupWait: e.target.value })} />
        </Field>
        <Field label="Group interval">
          <Input value={r.groupInterval} onChange={(e) => set({ groupInterval: e.target.value })} />
        </Field>
        <Field label="Repeat interval">
          <Input value={r.repeatInterval} onChange={(e) => set({ repeatInterval: e.target.value })} />
        </Field>
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={r.continue} onChange={(e) => set({ continue: e.target.checked })} /> Continue to the next routes after a match
      </label>
      <fieldset className="min-w-0 flex flex-col gap-3">
        <legend className="mb-1.5 text-sm font-medium">Escalation until acknowledged</legend>
        {r.escalation.map((e, j) => (
          <div key={j} className="flex flex-wrap items-end gap-3 rounded-md bg-subtle/50 p-3">
            <Field label={`Level ${j + 1} after`}>
              <Input className="w-24" value={e.after} onChange={(ev) => set({ escalation: r.escalation.map((x, k) => (k === j ? { ...x, after: ev.target.value } : x)) })} />
            </Field>
            <div className="min-w-0 flex-1">
              <ChannelChecks
                label={`Level ${j + 1} channels`}
                channels={channels.filter((name) => !name.startsWith("member:"))}
                value={e.channels}
                onChange={(c) => set({ escalation: r.escalation.map((x, k) => (k === j ? { ...x, channels: c } : x)) })}
              />
            </div>
            <Field label={`Level ${j + 1} members`} hint="Emails of organization members, paged by email.">
              <Input
                className="w-64"
                value={e.members}
                placeholder="lead@example.com"
                onChange={(ev) => set({ escalation: r.escalation.map((x, k) => (k === j ? { ...x, members: ev.target.value } : x)) })}
              />
            </Field>
            <Button variant="ghost" aria-label={`Remove level ${j + 1}`} onClick={() => set({ escalation: r.escalation.filter((_, k) => k !== j) })}>
              <X className="size-4" aria-hidden="true" />
            </Button>
          </div>
        ))}
        <div className="flex flex-wrap items-end gap-3">
          <Button size="sm" variant="ghost" onClick={() => set({ escalation: [...r.escalation, { after: "15m", channels: [], members: "" }] })}>
            <Plus className="size-3.5" aria-hidden="true" /> Add level
          </Button>
          {r.escalation.length > 0 && (
            <Field label="Repeat the last level every" hint="0s: once.">
              <Input className="w-24" value={r.escalationRepeat} onChange={(e) => set({ escalationRepeat: e.target.value })} />
            </Field>
          )}
        </div>
      </fieldset>
    </section>
  );
}
