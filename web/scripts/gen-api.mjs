// Generates src/lib/api/schema.gen.ts from api/openapi.yaml. With --check, fails when the committed
// file differs from what the contract generates (run by `make test`), so the UI never drifts from
// the server's contract unnoticed.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";

const web = join(dirname(fileURLToPath(import.meta.url)), "..");
const spec = join(web, "..", "api", "openapi.yaml");
const target = join(web, "src", "lib", "api", "schema.gen.ts");

const banner = "// Generated from api/openapi.yaml by scripts/gen-api.mjs (`npm run gen:api`). Do not edit.\n";
const ast = await openapiTS(new URL(`file://${spec}`), { alphabetize: false });
const generated = banner + astToString(ast);

if (process.argv.includes("--check")) {
  let current = "";
  try {
    current = readFileSync(target, "utf8");
  } catch {
    // missing counts as stale
  }
  if (current !== generated) {
    console.error("src/lib/api/schema.gen.ts is stale: run `npm run gen:api` in web/ and commit it.");
    process.exit(1);
  }
  console.log("schema.gen.ts matches api/openapi.yaml");
} else {
  writeFileSync(target, generated);
  console.log(`wrote ${target}`);
}
