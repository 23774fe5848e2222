import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/App";
import { restoreSession } from "./lib/auth/refresh";
import { installErrorReporting } from "./lib/error-reporting";
import "./index.css";

installErrorReporting();
void restoreSession();

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
