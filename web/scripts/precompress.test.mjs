// @vitest-environment node
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MIN_BYTES, precompress, shouldCompress } from "./precompress.mjs";

const text = (bytes) => "const answer = 42; // a line that repeats, as code does\n".repeat(Math.ceil(bytes / 55)).slice(0, bytes);

describe("precompress", () => {
  let dist;
  beforeEach(async () => {
    dist = await mkdtemp(join(tmpdir(), "cairn-precompress-"));
  });
  afterEach(() => rm(dist, { recursive: true, force: true }));

  it("writes a .gz and a .br that decompress to the original, in subfolders too", async () => {
    await mkdir(join(dist, "docs"));
    const js = text(5000);
    await writeFile(join(dist, "docs", "bundle.js"), js);

    await precompress(dist);

    expect(gunzipSync(await readFile(join(dist, "docs", "bundle.js.gz"))).toString()).toBe(js);
    expect(brotliDecompressSync(await readFile(join(dist, "docs", "bundle.js.br"))).toString()).toBe(js);
  });

  it("compresses each text type above 1 KiB and skips small files, source maps and binaries", async () => {
    const big = text(MIN_BYTES + 1);
    for (const name of ["app.js", "app.css", "index.html", "logo.svg", "data.json", "robots.txt", "app.js.map", "photo.png", "font.woff2"]) {
      await writeFile(join(dist, name), big);
    }
    await writeFile(join(dist, "small.js"), text(MIN_BYTES));

    await precompress(dist);

    const made = (await readdir(dist)).filter((f) => f.endsWith(".gz") || f.endsWith(".br")).sort();
    const expected = ["app.css", "app.js", "data.json", "index.html", "logo.svg", "robots.txt"].flatMap((f) => [`${f}.br`, `${f}.gz`]).sort();
    expect(made).toEqual(expected);
  });

  it("does not compress its own output when run again, and skips an encoding that is not smaller", async () => {
    await writeFile(join(dist, "app.js"), text(4000));
    // Random bytes do not compress: neither copy would save anything.
    await writeFile(join(dist, "noise.json"), Buffer.from(Array.from({ length: 4000 }, () => Math.floor(Math.random() * 256))));

    await precompress(dist);
    await precompress(dist);

    expect((await readdir(dist)).sort()).toEqual(["app.js", "app.js.br", "app.js.gz", "noise.json"]);
  });

  it("decides by extension, case-insensitively, and by size", () => {
    expect(shouldCompress("INDEX.HTML", 2048)).toBe(true);
    expect(shouldCompress("a.js", MIN_BYTES)).toBe(false);
    expect(shouldCompress("a.js.gz", 4096)).toBe(false);
  });
});
