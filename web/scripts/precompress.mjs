// Writes `<file>.gz` and `<file>.br` beside every compressible file of dist/ (after `vite build` and
// the docs viewer), at maximum compression, so the server sends them as they are to clients that
// accept them instead of compressing on every request. Usage: node scripts/precompress.mjs [dir]
import { readdir, readFile, writeFile } from "node:fs/promises";
import { extname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

/** Text formats that compress well. Source maps are left out: they are not served to browsers by default. */
export const COMPRESSIBLE = new Set([".js", ".mjs", ".css", ".html", ".svg", ".json", ".txt"]);
/** At or below this, the compressed copy saves less than a packet and costs a file. */
export const MIN_BYTES = 1024;

/** Whether a file of this name and size gets compressed copies. */
export function shouldCompress(name, size) {
  return size > MIN_BYTES && COMPRESSIBLE.has(extname(name).toLowerCase());
}

/** The gzip (level 9) and brotli (quality 11, text mode) encodings of `bytes`. */
export function compress(bytes) {
  return {
    gz: gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION }),
    br: brotliCompressSync(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    }),
  };
}

async function* files(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (entry.isFile()) yield path;
  }
}

/**
 * Compresses every eligible file under `dir`; an encoding that is not smaller than the file is not
 * written (the server then sends the file itself). Returns what was written, for the summary.
 */
export async function precompress(dir) {
  const written = [];
  for await (const path of files(dir)) {
    const bytes = await readFile(path);
    if (!shouldCompress(path, bytes.length)) continue;
    const { gz, br } = compress(bytes);
    const encodings = [];
    for (const [suffix, encoded] of [["gz", gz], ["br", br]]) {
      if (encoded.length >= bytes.length) continue;
      await writeFile(`${path}.${suffix}`, encoded);
      encodings.push(suffix);
    }
    written.push({ path, size: bytes.length, gz: gz.length, br: br.length, encodings });
  }
  return written;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dir = process.argv[2] ?? fileURLToPath(new URL("../dist", import.meta.url));
  const written = await precompress(dir);
  const kib = (n) => `${Math.round(n / 1024)} KiB`;
  const sum = (key) => written.reduce((n, f) => n + f[key], 0);
  console.log(
    `Precompressed ${written.length} files in ${relative(process.cwd(), dir) || "."}: ${kib(sum("size"))} → ${kib(sum("gz"))} gzip, ${kib(sum("br"))} brotli`,
  );
}
