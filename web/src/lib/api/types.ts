import type { components } from "./schema.gen";

type Schemas = components["schemas"];
export type User = Schemas["User"];
export type Me = Schemas["Me"];
export type TokenPair = Schemas["TokenPair"];
export type Role = Schemas["Role"];
export type Scope = Schemas["Scope"];
export type Visibility = Schemas["Visibility"];
export type Organization = Schemas["Organization"];
export type OrgMembership = Schemas["OrgMembership"];
export type Member = Schemas["Member"];
export type Invitation = Schemas["Invitation"];
export type Project = Schemas["Project"];
export type ProjectStats = Schemas["ProjectStats"];
export type ProjectMember = Schemas["ProjectMember"];
export type ApiKey = Schemas["ApiKey"];
export type ApiKeyWithSecret = Schemas["ApiKeyWithSecret"];
export type ApiKeyUsage = Schemas["ApiKeyUsage"];
export type AuditEvent = Schemas["AuditEvent"];

export const ROLES: readonly Role[] = ["admin", "developer", "viewer"];
export const SCOPES: readonly Scope[] = ["read", "write", "deploy", "predict", "monitor", "admin"];
