import * as RadixDialog from "@radix-ui/react-dialog";
import { Menu } from "lucide-react";
import { useEffect, useState } from "react";
import { Outlet, useLocation, useParams } from "react-router";
import { QueryBoundary } from "@/components/QueryBoundary";
import { NotFoundState } from "@/components/ui/NotFoundState";
import { Skeleton } from "@/components/ui/Skeleton";
import { VerifyEmailBanner } from "@/features/auth/components/VerifyEmailBanner";
import { OnboardingChecklist } from "@/features/onboarding/components/OnboardingChecklist";
import { useOrg } from "@/features/orgs/api/org-queries";
import { CurrentOrgProvider } from "@/lib/current-org";
import { rememberOrg } from "@/lib/last-org";
import { Logo } from "@/components/layout/Logo";
import { Sidebar } from "./Sidebar";

/** The signed-in app for one organization: sidebar (a drawer below tablet width) and the page. */
export function OrgLayout() {
  const { org: slug = "" } = useParams();
  const org = useOrg(slug);
  const location = useLocation();

  useEffect(() => {
    if (org.data) rememberOrg(org.data.slug);
  }, [org.data]);
  // The drawer stays open only on the page it was opened on: navigating closes it.
  const [drawerOpenOn, setDrawerOpenOn] = useState<string | null>(null);
  const drawerOpen = drawerOpenOn === location.pathname;
  const setDrawerOpen = (open: boolean) => setDrawerOpenOn(open ? location.pathname : null);

  return (
    <QueryBoundary
      query={org}
      loading={
        <div className="flex min-h-screen" role="status" aria-label="Loading">
          <div className="hidden w-60 border-r border-border p-3 lg:block">
            <Skeleton className="mb-4 h-8" />
            <Skeleton className="h-40" />
          </div>
          <div className="flex-1 p-8">
            <Skeleton className="mb-6 h-8 w-64" />
            <Skeleton className="h-64" />
          </div>
        </div>
      }
      notFound={
        <NotFoundState title="Organization not found" description="It does not exist or you are not a member. Ask an admin for an invitation, or open one of yours." backTo="/" backLabel="Go to my organizations" />
      }
    >
      {(data) => (
        <CurrentOrgProvider org={data}>
          <div className="flex min-h-screen">
            <a href="#main" className="sr-only focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-surface focus:px-3 focus:py-2">
              Skip to content
            </a>
            <aside className="sticky top-0 hidden h-screen w-60 shrink-0 border-r border-border bg-surface lg:block">
              <Sidebar />
            </aside>
            <div className="min-w-0 flex-1">
              <VerifyEmailBanner />
              <header className="flex items-center gap-3 border-b border-border bg-surface px-4 py-2 lg:hidden">
                <RadixDialog.Root open={drawerOpen} onOpenChange={setDrawerOpen}>
                  <RadixDialog.Trigger className="rounded p-1.5 hover:bg-subtle" aria-label="Open navigation">
                    <Menu className="size-5" />
                  </RadixDialog.Trigger>
                  <RadixDialog.Portal>
                    <RadixDialog.Overlay className="fixed inset-0 z-40 bg-black/40" />
                    <RadixDialog.Content className="fixed inset-y-0 left-0 z-50 w-64 border-r border-border bg-surface" aria-describedby={undefined}>
                      <RadixDialog.Title className="sr-only">Navigation</RadixDialog.Title>
                      <Sidebar onNavigate={() => setDrawerOpen(false)} />
                    </RadixDialog.Content>
                  </RadixDialog.Portal>
                </RadixDialog.Root>
                <Logo />
              </header>
              <main id="main" className="mx-auto w-full max-w-6xl px-4 py-6 sm:px-6 lg:px-8 lg:py-8">
                {/* The organization's landing page (its projects) carries the first-run checklist. */}
                {location.pathname === `/o/${data.slug}/projects` && <OnboardingChecklist org={data.slug} />}
                <Outlet />
              </main>
            </div>
          </div>
        </CurrentOrgProvider>
      )}
    </QueryBoundary>
  );
}
