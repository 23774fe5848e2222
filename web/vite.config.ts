/// <reference types="vitest/config" />
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import tailwindcss from "@tailwindcss/vite";
import { defineConfig, searchForWorkspaceRoot } from "vite";

// `npm run dev` proxies the API to a running `cairn serve` (CAIRN_URL), so the UI and the API
// share one origin in development as they do in production (no CORS, same-site cookie).
const apiTarget = process.env.CAIRN_URL ?? "http://127.0.0.1:8080";

const { version } = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) as { version: string };

export default defineConfig({
  plugins: [react(), tailwindcss()],
  // The app's version, sent with feedback and error reports (src/lib/version.ts).
  define: { __CAIRN_VERSION__: JSON.stringify(version) },
  resolve: { alias: { "@": fileURLToPath(new URL("./src", import.meta.url)) } },
  server: {
    proxy: { "/api": apiTarget, "/docs": apiTarget, "/p": apiTarget },
    // The user guides in ../docs are bundled into the app (src/features/onboarding/guides.ts).
    fs: { allow: [searchForWorkspaceRoot(process.cwd()), fileURLToPath(new URL("../docs", import.meta.url))] },
  },
  build: { outDir: "dist", emptyOutDir: true, sourcemap: false },
  test: {
    environment: "jsdom",
    globals: true,
    setupFiles: ["./test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}", "scripts/**/*.test.mjs"],
    restoreMocks: true,
  },
});
