import { Link } from "react-router";
import { EmptyState } from "@/components/ui/EmptyState";

export function NotFoundPage() {
  return (
    <EmptyState
      title="Page not found"
      description="This address does not match any page. It may have moved, or the link may be mistyped."
      action={
        <Link to="/" className="text-accent hover:underline">
          Go to the start page
        </Link>
      }
    />
  );
}
