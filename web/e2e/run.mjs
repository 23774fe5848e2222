// `npm run test:e2e`: every *.test.mjs under e2e/, one after another (they share one machine's 2 cores).
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";

const files = readdirSync(import.meta.dirname).filter((f) => f.endsWith(".test.mjs")).sort().map((f) => join(import.meta.dirname, f));
const result = spawnSync(process.execPath, ["--test", "--test-concurrency=1", ...files], { stdio: "inherit" });
process.exit(result.status ?? 1);
