import type { FieldValues, Path, UseFormSetError } from "react-hook-form";
import { isApiError } from "@/lib/api/errors";

/**
 * Puts a server validation error on the form field it names, so it shows beside that input.
 * Returns false when the error is not about one of `fields` (show it above the buttons instead).
 */
export function applyServerFieldError<T extends FieldValues>(
  error: unknown,
  setError: UseFormSetError<T>,
  fields: ReadonlyArray<Path<T>>,
): boolean {
  if (!isApiError(error) || !error.field) return false;
  const field = fields.find((f) => f === error.field);
  if (!field) return false;
  setError(field, { type: "server", message: error.message }, { shouldFocus: true });
  return true;
}
