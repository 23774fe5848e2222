/**
 * The user guides (docs/*.md in the repository), bundled into the app so that every page can link
 * to the one about it without a docs site. Loaded on demand: a guide's text is its own chunk.
 */
const loaders = import.meta.glob<string>("../../../../docs/*.md", { query: "?raw", import: "default" });

export const GUIDES = {
  "getting-started": "Getting started",
  concepts: "Concepts",
  "tracking-with-mlflow": "Tracking with mlflow",
  registry: "Model registry",
  deploying: "Deploying models",
  monitoring: "Monitoring",
  alerts: "Alerts",
  "api-keys-and-roles": "API keys and roles",
  operations: "Operations",
  "migrating-from-mlflow": "Migrating from MLflow",
} as const;

export type GuideName = keyof typeof GUIDES;

export function isGuide(name: string): name is GuideName {
  return Object.hasOwn(GUIDES, name);
}

export function loadGuide(name: GuideName): Promise<string> {
  const load = loaders[`../../../../docs/${name}.md`];
  return load ? load() : Promise.reject(new Error(`no guide ${name}`));
}

/** The guide about the app page at `pathname`. */
export function guideForPath(pathname: string): GuideName {
  const rules: Array<[RegExp, GuideName]> = [
    [/\/projects\/[^/]+\/(experiments|runs)/, "tracking-with-mlflow"],
    [/\/projects\/[^/]+\/models/, "registry"],
    [/\/projects\/[^/]+\/deployments/, "deploying"],
    [/\/projects\/[^/]+\/monitoring/, "monitoring"],
    [/\/projects\/[^/]+\/alerts/, "alerts"],
    [/\/(api-keys|settings\/members|settings\/invitations)|\/projects\/[^/]+\/members/, "api-keys-and-roles"],
    [/\/audit-log/, "operations"],
    [/\/projects\/[^/]+(\/|$)/, "concepts"],
  ];
  return rules.find(([pattern]) => pattern.test(pathname))?.[1] ?? "getting-started";
}

/** The guide's links to other guides (`deploying.md#x`) as links to their pages in the app. */
export function linkGuides(markdown: string, org: string): string {
  return markdown.replace(/\]\(([a-z-]+)\.md(#[^)]*)?\)/g, (whole, name: string, anchor: string | undefined) =>
    isGuide(name) ? `](/o/${org}/guide/${name}${anchor ?? ""})` : whole,
  );
}
