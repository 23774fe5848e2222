// Copies the API reference viewer (Swagger UI, from npm) into dist/docs, so the server can render
// /docs without reaching any other site. Its start-up script (public/docs/init.js) is copied by Vite.
// Runs after `vite build`, which empties dist/.
import { cpSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const here = dirname(fileURLToPath(import.meta.url));
const web = join(here, "..");
const require = createRequire(import.meta.url);
const swagger = dirname(require.resolve("swagger-ui-dist/package.json"));
const out = join(web, "dist", "docs");

mkdirSync(out, { recursive: true });
for (const file of ["swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png"]) {
  cpSync(join(swagger, file), join(out, file));
}
console.log(`API reference viewer written to ${out}`);
