import * as Menu from "@radix-ui/react-dropdown-menu";
import { BookOpen, CircleHelp, Compass, MessageSquare, Rocket } from "lucide-react";
import { lazy, Suspense, useState } from "react";
import { useLocation, useNavigate } from "react-router";
import { guideForPath, GUIDES } from "../guides";
import { markTourSeen, tourSeen } from "../tour-state";

const FeedbackDialog = lazy(() => import("./FeedbackDialog").then((m) => ({ default: m.FeedbackDialog })));

/** driver.js and its styles load with the first tour, not with every page. */
function startTour() {
  void import("../tour").then((m) => m.startTour());
}

const item = "flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 text-sm outline-none data-[highlighted]:bg-subtle";

/** Help in the sidebar: the quick start, the guide for this page, the tour (offered until taken or declined), feedback. */
export function HelpMenu({ org }: { org: string }) {
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const [feedbackOpen, setFeedbackOpen] = useState(false);
  const [offerTour, setOfferTour] = useState(() => !tourSeen());
  const guide = guideForPath(pathname);

  return (
    <div data-tour="help" className="flex flex-col gap-1">
      {offerTour && (
        <div className="rounded-md border border-border bg-subtle px-2 py-2 text-xs">
          New here?{" "}
          <button type="button" className="font-medium text-accent underline" onClick={() => { setOfferTour(false); startTour(); }}>
            Take the tour
          </button>{" "}
          or{" "}
          <button type="button" className="text-muted underline" onClick={() => { markTourSeen(); setOfferTour(false); }}>
            not now
          </button>
        </div>
      )}
      <Menu.Root>
        <Menu.Trigger className="flex w-full items-center gap-2.5 rounded-md px-2 py-1.5 text-left text-sm text-muted hover:bg-subtle hover:text-fg">
          <CircleHelp className="size-4" aria-hidden="true" /> Help
        </Menu.Trigger>
        <Menu.Portal>
          <Menu.Content side="top" align="start" sideOffset={4} className="z-50 min-w-56 rounded-md border border-border bg-surface p-1 shadow-lg">
            <Menu.Item className={item} onSelect={() => navigate(`/o/${org}/quick-start`)}>
              <Rocket className="size-4" aria-hidden="true" /> Quick start
            </Menu.Item>
            <Menu.Item className={item} onSelect={() => navigate(`/o/${org}/guide/${guide}`)}>
              <BookOpen className="size-4" aria-hidden="true" /> Guide: {GUIDES[guide]}
            </Menu.Item>
            <Menu.Item className={item} onSelect={() => startTour()}>
              <Compass className="size-4" aria-hidden="true" /> Take the tour
            </Menu.Item>
            <Menu.Item className={item} onSelect={() => setFeedbackOpen(true)}>
              <MessageSquare className="size-4" aria-hidden="true" /> Send feedback
            </Menu.Item>
          </Menu.Content>
        </Menu.Portal>
      </Menu.Root>
      {feedbackOpen && (
        <Suspense fallback={null}>
          <FeedbackDialog org={org} open={feedbackOpen} onOpenChange={setFeedbackOpen} />
        </Suspense>
      )}
    </div>
  );
}
