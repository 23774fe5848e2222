import { toast } from "sonner";
import { errorMessage } from "@/lib/api/errors";

/** A failure no part of the page shows: the server's message (or a hint when it was unreachable) as a toast. */
export function toastError(error: unknown): void {
  toast.error(errorMessage(error));
}
