import { z } from "zod";
import { SLUG_PATTERN } from "@/lib/slug";

export const projectDetailsSchema = z.object({
  name: z.string().trim().min(1, "Enter a name.").max(100, "Use at most 100 characters."),
  slug: z.string().regex(SLUG_PATTERN, "2 to 50 lowercase letters, digits or dashes."),
  description: z.string().max(2000, "Use at most 2,000 characters."),
  visibility: z.enum(["org", "private"]),
});
export type ProjectDetails = z.infer<typeof projectDetailsSchema>;
