import { driver, type DriveStep } from "driver.js";
import "driver.js/dist/driver.css";
import { markTourSeen } from "./tour-state";

/** The tour's stops: elements marked with data-tour; a stop whose element is not on the page is skipped. */
const STOPS: Array<{ target: string; title: string; description: string }> = [
  { target: "org-switcher", title: "Organizations", description: "Switch between your organizations, or create one. Everything below belongs to the one chosen here." },
  { target: "nav", title: "Where things are", description: "Projects hold experiments, runs, registered models, deployments, monitors and alerts. API keys and the audit log are organization-wide." },
  { target: "checklist", title: "First steps", description: "These tick themselves as you go: create a project, log a run with the mlflow client, register and deploy a model." },
  { target: "help", title: "Help", description: "The quick start with snippets for your server, the guide for the page you are on, this tour, and feedback to your admins." },
];

export function tourSteps(present: (selector: string) => boolean): DriveStep[] {
  return STOPS.filter((s) => present(`[data-tour="${s.target}"]`)).map((s) => ({
    element: `[data-tour="${s.target}"]`,
    popover: { title: s.title, description: s.description },
  }));
}

export function startTour(): void {
  const steps = tourSteps((selector) => document.querySelector(selector) !== null);
  if (steps.length === 0) return;
  markTourSeen();
  driver({ showProgress: true, steps }).drive();
}
