import { readdirSync } from "node:fs";
import js from "@eslint/js";
import { defineConfig } from "eslint/config";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import importX from "eslint-plugin-import-x";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

// Every folder of src/features/, read here so that a new feature is covered without editing this file.
const features = readdirSync(new URL("./src/features", import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

export default defineConfig(
  { ignores: ["dist/", "e2e/artifacts/", "src/lib/api/schema.gen.ts"] },
  js.configs.recommended,
  tseslint.configs.recommended,
  reactHooks.configs.flat.recommended,
  {
    files: ["src/**/*.{ts,tsx}", "test/**/*.{ts,tsx}"],
    languageOptions: { globals: globals.browser },
    plugins: { "import-x": importX },
    // Resolves `@/...` (tsconfig paths) and relative imports to files, so the boundary rule sees both.
    settings: { "import-x/resolver-next": [createTypeScriptImportResolver({ project: "./tsconfig.json" })] },
    rules: {
      // Features do not import each other: what two features share goes to src/lib or src/components.
      "import-x/no-restricted-paths": [
        "error",
        {
          zones: features.map((feature) => ({
            target: `./src/features/${feature}`,
            from: "./src/features",
            except: [`./${feature}`],
            message: "Features do not import each other; move what they share to src/lib or src/components.",
          })),
        },
      ],
    },
  },
  {
    // Node scripts; the end-to-end tests also hold functions that run in the browser (page.evaluate).
    files: ["scripts/**/*.{js,mjs}", "e2e/**/*.{js,mjs}", "*.config.{js,ts}"],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    // The API reference page's start-up script (a file because the CSP forbids inline scripts).
    files: ["public/**/*.js"],
    languageOptions: { globals: { ...globals.browser, SwaggerUIBundle: "readonly" } },
  },
);
