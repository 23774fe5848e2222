import { EmptyState } from "@/components/ui/EmptyState";

interface NotFoundStateProps {
  title: string;
  /** Why it may be missing: deleted, renamed, or not visible to this user. */
  description: string;
  /** The list the object would be in, or the start page. */
  backTo: string;
  backLabel: string;
}

/** What a page shows when the object its address names does not exist (or may not be seen): why, and the way back. */
export function NotFoundState({ title, description, backTo, backLabel }: NotFoundStateProps) {
  return <EmptyState title={title} description={description} link={{ to: backTo, label: backLabel }} />;
}
