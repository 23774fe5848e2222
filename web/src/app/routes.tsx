import type { ComponentType } from "react";
import { createBrowserRouter, Navigate, type RouteObject } from "react-router";
import { GuestOnly } from "@/features/auth/components/GuestOnly";
import { RequireAuth } from "@/features/auth/components/RequireAuth";
import { AcceptInvitationPage } from "@/features/auth/pages/AcceptInvitationPage";
import { ForgotPasswordPage } from "@/features/auth/pages/ForgotPasswordPage";
import { LoginPage } from "@/features/auth/pages/LoginPage";
import { ResetPasswordPage } from "@/features/auth/pages/ResetPasswordPage";
import { SignupPage } from "@/features/auth/pages/SignupPage";
import { VerifyEmailPage } from "@/features/auth/pages/VerifyEmailPage";
import { CreateOrgPage } from "@/features/orgs/pages/CreateOrgPage";
import { HomeRedirect } from "@/features/orgs/pages/HomeRedirect";
import { NotFoundPage } from "./NotFoundPage";
import { RouteError } from "./RouteError";
import { OrgLayout } from "./shell/OrgLayout";

/** A route module loaded on first visit: `lazy: page(() => import("..."), "ExportName")`. */
function page<M extends Record<string, unknown>>(load: () => Promise<M>, name: keyof M & string) {
  return async () => ({ Component: (await load())[name] as ComponentType });
}

/**
 * Every route of the app, in one table. Pages inside an organization are loaded on demand
 * (`lazy`), so the first load carries only the shell and the sign-in pages.
 * Paths of emailed links (/reset-password, /verify-email, /accept-invitation) are fixed by the server.
 */
export const routes: RouteObject[] = [
  {
    errorElement: <RouteError />,
    children: [
      {
        element: <GuestOnly />,
        children: [
          { path: "/login", element: <LoginPage /> },
          { path: "/signup", element: <SignupPage /> },
        ],
      },
      { path: "/forgot-password", element: <ForgotPasswordPage /> },
      { path: "/reset-password", element: <ResetPasswordPage /> },
      { path: "/verify-email", element: <VerifyEmailPage /> },
      { path: "/accept-invitation", element: <AcceptInvitationPage /> },
      {
        element: <RequireAuth />,
        children: [
          { path: "/", element: <HomeRedirect /> },
          { path: "/orgs/new", element: <CreateOrgPage /> },
          {
            path: "/o/:org",
            element: <OrgLayout />,
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
                  { path: "members", lazy: page(() => import("@/features/projects/pages/ProjectMembersPage"), "ProjectMembersPage") },
                  { path: "settings", lazy: page(() => import("@/features/projects/pages/ProjectSettingsPage"), "ProjectSettingsPage") },
                ],
              },
              { path: "api-keys", lazy: page(() => import("@/features/api-keys/pages/ApiKeysPage"), "ApiKeysPage") },
              { path: "audit-log", lazy: page(() => import("@/features/audit/pages/AuditLogPage"), "AuditLogPage") },
              {
                path: "settings",
                lazy: page(() => import("@/features/orgs/pages/OrgSettingsLayout"), "OrgSettingsLayout"),
                children: [
                  { index: true, lazy: page(() => import("@/features/orgs/pages/OrgGeneralPage"), "OrgGeneralPage") },
                  { path: "members", lazy: page(() => import("@/features/orgs/pages/OrgMembersPage"), "OrgMembersPage") },
                  { path: "invitations", lazy: page(() => import("@/features/orgs/pages/OrgInvitationsPage"), "OrgInvitationsPage") },
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
