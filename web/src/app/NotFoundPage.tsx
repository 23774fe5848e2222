import { NotFoundState } from "@/components/ui/NotFoundState";

export function NotFoundPage() {
  return (
    <NotFoundState title="Page not found" description="This address does not match any page. It may have moved, or the link may be mistyped." backTo="/" backLabel="Go to the start page" />
  );
}
