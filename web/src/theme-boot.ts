// Runs before the app renders so the first paint already has the right theme (the CSP forbids an
// inline script, hence this tiny entry).
import { applyTheme } from "./lib/theme";

applyTheme();
window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", () => applyTheme());
