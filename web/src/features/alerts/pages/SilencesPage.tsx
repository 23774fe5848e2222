import { useState } from "react";
import { QueryBoundary } from "@/components/QueryBoundary";
import { Badge } from "@/components/ui/Badge";
import { Button } from "@/components/ui/Button";
import { Card, CardHeader } from "@/components/ui/Card";
import { EmptyState } from "@/components/ui/EmptyState";
import { Field } from "@/components/ui/Field";
import { FormError } from "@/components/ui/FormError";
import { Input, Textarea } from "@/components/ui/Input";
import { Table, Td, Th, Tr } from "@/components/ui/Table";
import { formatDateTime } from "@/lib/format";
import { useCreateSilence, useExpireSilence, useSilences } from "../api/channel-queries";
import type { LabelMatcher } from "../api/alert-types";
import { parseDuration } from "../format";
import { MatchersEditor, matcherText } from "../components/MatchersEditor";
import { useAlertsRef } from "../use-project-ref";

/** Silences: hold the notifications of alerts whose labels match, for a while. */
export function SilencesPage() {
  const { projectRef, canEdit } = useAlertsRef();
  const [showExpired, setShowExpired] = useState(false);
  const silences = useSilences(projectRef, showExpired);
  const expire = useExpireSilence(projectRef);
  return (
    <div className="flex flex-col gap-5">
      {canEdit && <NewSilence />}
      <Card>
        <CardHeader
          title="Silences"
          actions={
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={showExpired} onChange={(e) => setShowExpired(e.target.checked)} /> Show expired
            </label>
          }
        />
        <QueryBoundary query={silences} errorTitle="Could not load the silences" empty={<EmptyState title="No silences" description="Silence alerts from the inbox, or here by their labels." />}>
          {(list) => (
            <Table label="Silences">
              <thead>
                <tr>
                  <Th>Matchers</Th>
                  <Th>State</Th>
                  <Th>Ends</Th>
                  <Th>Comment</Th>
                  {canEdit && <Th className="relative">
                    <span className="sr-only">Actions</span>
                  </Th>}
                </tr>
              </thead>
              <tbody>
                {list.map((s) => (
                  <Tr key={s.id}>
                    <Td className="font-mono text-xs">{s.matchers.map(matcherText).join(", ")}</Td>
                    <Td>
                      <Badge tone={s.state === "active" ? "accent" : "neutral"}>{s.state}</Badge>
                    </Td>
                    <Td className="whitespace-nowrap">{formatDateTime(s.ends_at)}</Td>
                    <Td className="max-w-sm text-sm">{s.comment}</Td>
                    {canEdit && (
                      <Td className="text-right">
                        {s.state !== "expired" && (
                          <Button size="sm" variant="ghost" loading={expire.isPending && expire.variables === s.id} onClick={() => expire.mutate(s.id)}>
                            Expire
                          </Button>
                        )}
                      </Td>
                    )}
                  </Tr>
                ))}
              </tbody>
            </Table>
          )}
        </QueryBoundary>
      </Card>
    </div>
  );
}

function NewSilence() {
  const { projectRef } = useAlertsRef();
  const create = useCreateSilence(projectRef);
  const [matchers, setMatchers] = useState<LabelMatcher[]>([{ name: "alertname", op: "=", value: "" }]);
  const [duration, setDuration] = useState("2h");
  const [comment, setComment] = useState("");
  const seconds = parseDuration(duration);
  const durationError = seconds === null || seconds < 60 ? "At least a minute: 30m, 2h, 1d" : undefined;
  const ready = matchers.some((m) => m.name && m.value) && comment.trim() !== "" && !durationError;
  return (
    <Card>
      <CardHeader title="New silence" />
      <form
        className="flex flex-col gap-4 p-5"
        onSubmit={(e) => {
          e.preventDefault();
          if (!ready) return;
          create.mutate(
            { matchers: matchers.filter((m) => m.name), duration_seconds: seconds!, comment },
            { onSuccess: () => (setComment(""), setMatchers([{ name: "alertname", op: "=", value: "" }])) },
          );
        }}
      >
        <MatchersEditor label="Matchers" matchers={matchers} onChange={setMatchers} />
        <div className="grid gap-4 sm:grid-cols-[10rem_1fr]">
          <Field label="Duration" error={durationError}>
            <Input value={duration} onChange={(e) => setDuration(e.target.value)} />
          </Field>
          <Field label="Comment">
            <Textarea value={comment} maxLength={2000} onChange={(e) => setComment(e.target.value)} className="min-h-9" />
          </Field>
        </div>
        <FormError error={create.error} />
        <div className="flex justify-end">
          <Button type="submit" variant="primary" disabled={!ready} loading={create.isPending}>
            Create silence
          </Button>
        </div>
      </form>
    </Card>
  );
}
