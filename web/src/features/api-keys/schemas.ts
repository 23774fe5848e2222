import { z } from "zod";

export const EXPIRY_CHOICES = [
  { value: "30", label: "30 days" },
  { value: "90", label: "90 days" },
  { value: "365", label: "1 year" },
  { value: "never", label: "Never" },
  { value: "custom", label: "On a date…" },
] as const;

export const createKeySchema = z
  .object({
    name: z.string().trim().min(1, "Name the key after where it is used, e.g. ci-pipeline.").max(100, "Use at most 100 characters."),
    scopes: z.array(z.enum(["read", "write", "deploy", "predict", "monitor", "admin"])).min(1, "Choose at least one scope."),
    projectId: z.string(),
    expiry: z.enum(["30", "90", "365", "never", "custom"]),
    expiryDate: z.string(),
  })
  .refine((v) => v.expiry !== "custom" || (v.expiryDate !== "" && Date.parse(v.expiryDate) > Date.now()), {
    message: "Choose a date in the future.",
    path: ["expiryDate"],
  });
export type CreateKeyValues = z.infer<typeof createKeySchema>;

/** The `expires_at` to send (ms since the epoch), or null for a key that never expires. */
export function expiresAt(v: Pick<CreateKeyValues, "expiry" | "expiryDate">, now = Date.now()): number | null {
  if (v.expiry === "never") return null;
  // A chosen date means "through that day": the key expires at the end of it, local time.
  if (v.expiry === "custom") return new Date(`${v.expiryDate}T23:59:59`).getTime();
  return now + Number(v.expiry) * 86_400_000;
}
