import { z } from "zod";
import { SLUG_PATTERN } from "@/lib/slug";

export const orgSchema = z.object({
  name: z.string().trim().min(1, "Enter a name.").max(100, "Use at most 100 characters."),
  slug: z.string().regex(SLUG_PATTERN, "2 to 50 lowercase letters, digits or dashes."),
});
export type OrgValues = z.infer<typeof orgSchema>;

export const inviteSchema = z.object({
  email: z.string().trim().min(1, "Enter an email address.").email("Enter a valid email address, like grace@example.com."),
  role: z.enum(["admin", "developer", "viewer"]),
});
export type InviteValues = z.infer<typeof inviteSchema>;
