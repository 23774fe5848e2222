import type { ComponentType } from "react";
import { createBrowserRouter, Navigate, type RouteObject } from "react-router";
import { GuestOnly } from "@/features/auth/components/GuestOnly";
import { RequireAuth } from "@/features/auth/components/RequireAuth";
import { PageLoading } from "@/components/layout/PageLoading";
import { NotFoundPage } from "./NotFoundPage";
import { RouteError } from "./RouteError";

/** A route module loaded on first visit: `lazy: page(() => import("..."), "ExportName")`. */
function page<M extends Record<string, unknown>>(load: () => Promise<M>, name: keyof M & string) {
  return async () => ({ Component: (await load())[name] as ComponentType });
}

/**
 * Every route of the app, in one table. Every page is loaded on demand (`lazy`), so the first
 * load carries only the router, the session and the shell.
 * Paths of emailed links (/reset-password, /verify-email, /accept-invitation) are fixed by the server.
 */
export const routes: RouteObject[] = [
  {
    errorElement: <RouteError />,
    // Shown while the first page's code loads; without it React Router warns on every first load.
    hydrateFallbackElement: <PageLoading />,
    children: [
      {
        element: <GuestOnly />,
        children: [
          { path: "/login", lazy: page(() => import("@/features/auth/pages/LoginPage"), "LoginPage") },
          { path: "/signup", lazy: page(() => import("@/features/auth/pages/SignupPage"), "SignupPage") },
        ],
      },
      { path: "/forgot-password", lazy: page(() => import("@/features/auth/pages/ForgotPasswordPage"), "ForgotPasswordPage") },
      { path: "/reset-password", lazy: page(() => import("@/features/auth/pages/ResetPasswordPage"), "ResetPasswordPage") },
      { path: "/verify-email", lazy: page(() => import("@/features/auth/pages/VerifyEmailPage"), "VerifyEmailPage") },
      { path: "/accept-invitation", lazy: page(() => import("@/features/auth/pages/AcceptInvitationPage"), "AcceptInvitationPage") },
      {
        element: <RequireAuth />,
        children: [
          { path: "/", lazy: page(() => import("@/features/orgs/pages/HomeRedirect"), "HomeRedirect") },
          { path: "/orgs/new", lazy: page(() => import("@/features/orgs/pages/CreateOrgPage"), "CreateOrgPage") },
          // The tracking URI of a project; MLflow's "View run at" links add a #/... route to it.
          { path: "/p/:org/:project", lazy: page(() => import("@/features/mlflow-links/pages/MlflowLinkPage"), "MlflowLinkPage") },
          {
            path: "/o/:org",
            lazy: page(() => import("./shell/OrgLayout"), "OrgLayout"),
            children: [
              { index: true, element: <Navigate to="projects" replace /> },
              { path: "projects", lazy: page(() => import("@/features/projects/pages/ProjectsPage"), "ProjectsPage") },
              { path: "projects/new", lazy: page(() => import("@/features/projects/pages/NewProjectPage"), "NewProjectPage") },
              {
                path: "projects/:project",
                lazy: page(() => import("@/features/projects/pages/ProjectLayout"), "ProjectLayout"),
                children: [
                  { index: true, lazy: page(() => import("@/features/projects/pages/ProjectOverviewPage"), "ProjectOverviewPage") },
                  { path: "models", lazy: page(() => import("@/features/models/pages/ModelsPage"), "ModelsPage") },
                  { path: "models/:model", lazy: page(() => import("@/features/models/pages/ModelDetailPage"), "ModelDetailPage") },
                  { path: "models/:model/versions/:version", lazy: page(() => import("@/features/models/pages/ModelVersionPage"), "ModelVersionPage") },
                  { path: "models/:model/compare", lazy: page(() => import("@/features/models/pages/CompareVersionsPage"), "CompareVersionsPage") },
                  { path: "deployments", lazy: page(() => import("@/features/deployments/pages/DeploymentsPage"), "DeploymentsPage") },
                  { path: "deployments/new", lazy: page(() => import("@/features/deployments/pages/NewDeploymentPage"), "NewDeploymentPage") },
                  { path: "deployments/:deployment", lazy: page(() => import("@/features/deployments/pages/DeploymentPage"), "DeploymentPage") },
                  { path: "monitoring", lazy: page(() => import("@/features/monitoring/pages/MonitoringPage"), "MonitoringPage") },
                  { path: "monitoring/:monitor", lazy: page(() => import("@/features/monitoring/pages/MonitorPage"), "MonitorPage") },
                  {
                    path: "alerts",
                    lazy: page(() => import("@/features/alerts/pages/AlertsLayout"), "AlertsLayout"),
                    children: [
                      { index: true, lazy: page(() => import("@/features/alerts/pages/AlertsInboxPage"), "AlertsInboxPage") },
                      { path: "rules", lazy: page(() => import("@/features/alerts/pages/RulesPage"), "RulesPage") },
                      { path: "rules/new", lazy: page(() => import("@/features/alerts/pages/RuleEditorPage"), "RuleEditorPage") },
                      { path: "rules/:rule", lazy: page(() => import("@/features/alerts/pages/RuleEditorPage"), "RuleEditorPage") },
                      { path: "channels", lazy: page(() => import("@/features/alerts/pages/ChannelsPage"), "ChannelsPage") },
                      { path: "policy", lazy: page(() => import("@/features/alerts/pages/PolicyPage"), "PolicyPage") },
                      { path: "silences", lazy: page(() => import("@/features/alerts/pages/SilencesPage"), "SilencesPage") },
                      { path: "deliveries", lazy: page(() => import("@/features/alerts/pages/DeliveriesPage"), "DeliveriesPage") },
                      { path: "analytics", lazy: page(() => import("@/features/alerts/pages/AnalyticsPage"), "AnalyticsPage") },
                      { path: ":alert", lazy: page(() => import("@/features/alerts/pages/AlertPage"), "AlertPage") },
                    ],
                  },
                  { path: "experiments", lazy: page(() => import("@/features/experiments/pages/ExperimentsPage"), "ExperimentsPage") },
                  { path: "experiments/:experiment", lazy: page(() => import("@/features/experiments/pages/ExperimentPage"), "ExperimentPage") },
                  { path: "runs/compare", lazy: page(() => import("@/features/experiments/pages/CompareRunsPage"), "CompareRunsPage") },
                  { path: "runs/:run", lazy: page(() => import("@/features/experiments/pages/RunPage"), "RunPage") },
                  { path: "members", lazy: page(() => import("@/features/projects/pages/ProjectMembersPage"), "ProjectMembersPage") },
                  { path: "settings", lazy: page(() => import("@/features/projects/pages/ProjectSettingsPage"), "ProjectSettingsPage") },
                ],
              },
              { path: "quick-start", lazy: page(() => import("@/features/onboarding/pages/QuickStartPage"), "QuickStartPage") },
              { path: "guide/:page", lazy: page(() => import("@/features/onboarding/pages/GuidePage"), "GuidePage") },
              { path: "account", lazy: page(() => import("@/features/account/pages/AccountPage"), "AccountPage") },
              { path: "api-keys", lazy: page(() => import("@/features/api-keys/pages/ApiKeysPage"), "ApiKeysPage") },
              { path: "audit-log", lazy: page(() => import("@/features/audit/pages/AuditLogPage"), "AuditLogPage") },
              {
                path: "settings",
                lazy: page(() => import("@/features/orgs/pages/OrgSettingsLayout"), "OrgSettingsLayout"),
                children: [
                  { index: true, lazy: page(() => import("@/features/orgs/pages/OrgGeneralPage"), "OrgGeneralPage") },
                  { path: "members", lazy: page(() => import("@/features/orgs/pages/OrgMembersPage"), "OrgMembersPage") },
                  { path: "invitations", lazy: page(() => import("@/features/orgs/pages/OrgInvitationsPage"), "OrgInvitationsPage") },
                  { path: "feedback", lazy: page(() => import("@/features/onboarding/pages/FeedbackErrorsPage"), "FeedbackErrorsPage") },
                ],
              },
              { path: "*", element: <NotFoundPage /> },
            ],
          },
        ],
      },
      { path: "*", element: <NotFoundPage /> },
    ],
  },
];

export const router = createBrowserRouter(routes);
