import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api/client";
import { errorShownInline, queryClient } from "@/lib/query-client";
import type { components } from "@/lib/api/schema.gen";

export type Onboarding = components["schemas"]["Onboarding"];
export type OnboardingStepId = Onboarding["steps"][number]["id"];
export type Feedback = components["schemas"]["Feedback"];
export type ClientErrorGroup = components["schemas"]["ClientErrorGroup"];

const keys = {
  onboarding: (org: string) => ["orgs", org, "onboarding"] as const,
  feedback: (org: string) => ["orgs", org, "feedback"] as const,
  errors: (org: string) => ["orgs", org, "client-errors"] as const,
};

/** The organization's first steps, asked again whenever the checklist shows or the window regains focus, so it ticks itself. */
export function useOnboarding(org: string) {
  return useQuery({
    queryKey: keys.onboarding(org),
    queryFn: () => unwrap(api.GET("/api/v1/orgs/{org}/onboarding", { params: { path: { org } } })),
    refetchOnMount: "always",
    refetchOnWindowFocus: "always",
  });
}

export function useSendFeedback(org: string) {
  return useMutation({
    meta: errorShownInline,
    mutationFn: (body: components["schemas"]["FeedbackInput"]) =>
      unwrap(api.POST("/api/v1/orgs/{org}/feedback", { params: { path: { org } }, body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.feedback(org) }),
  });
}

export function useFeedback(org: string, cursor: string | undefined) {
  return useQuery({
    queryKey: [...keys.feedback(org), cursor],
    queryFn: () =>
      unwrap(api.GET("/api/v1/orgs/{org}/feedback", { params: { path: { org }, query: { limit: 25, ...(cursor ? { cursor } : {}) } } })),
    placeholderData: keepPreviousData,
  });
}

export function useClientErrors(org: string, cursor: string | undefined) {
  return useQuery({
    queryKey: [...keys.errors(org), cursor],
    queryFn: () =>
      unwrap(api.GET("/api/v1/orgs/{org}/client-errors", { params: { path: { org }, query: { limit: 25, ...(cursor ? { cursor } : {}) } } })),
    placeholderData: keepPreviousData,
  });
}

/** The projects to fill the quick start's snippets with, oldest first. */
export function useProjectChoices(org: string) {
  return useQuery({
    queryKey: ["orgs", org, "projects", "quick-start"],
    queryFn: () => unwrap(api.GET("/api/v1/orgs/{org}/projects", { params: { path: { org }, query: { sort: "created_at", limit: 100 } } })),
  });
}

/** A key for the quick start's snippets: read and write, on one project. */
export function useCreateSnippetKey(org: string) {
  return useMutation({
    meta: errorShownInline,
    mutationFn: (projectId: string) =>
      unwrap(
        api.POST("/api/v1/orgs/{org}/api-keys", {
          params: { path: { org } },
          body: { name: `quick start ${new Date().toISOString().slice(0, 10)}`, scopes: ["read", "write"], project_id: projectId },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.onboarding(org) }),
  });
}
