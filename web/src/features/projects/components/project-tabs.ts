/** The tabs of a project page, relative to /o/:org/projects/:project; a feature adds its tab here. */
export const projectTabs: Array<{ label: string; to: string }> = [
  { label: "Overview", to: "" },
  { label: "Experiments", to: "experiments" },
  { label: "Models", to: "models" },
  { label: "Deployments", to: "deployments" },
  { label: "Monitoring", to: "monitoring" },
  { label: "Alerts", to: "alerts" },
  { label: "Members", to: "members" },
  { label: "Settings", to: "settings" },
];
