import { CopyButton } from "@/components/ui/CopyButton";
import { Notice } from "@/components/ui/Notice";

/** A key's secret, shown once right after create or rotate; the server never returns it again. */
export function SecretReveal({ secret }: { secret: string }) {
  return (
    <div className="flex flex-col gap-3">
      <Notice>Copy the key now. It is shown only once; if you lose it, rotate the key to get a new one.</Notice>
      <div className="flex items-center gap-2 rounded-md border border-border bg-subtle p-2">
        <code className="min-w-0 flex-1 font-mono text-xs break-all" data-testid="api-key-secret">
          {secret}
        </code>
        <CopyButton value={secret} label="Copy key" />
      </div>
    </div>
  );
}
