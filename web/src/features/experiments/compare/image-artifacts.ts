/** The image kinds compared side by side (what browsers draw in an <img>). */
const IMAGE_EXTENSIONS = new Set(["png", "jpg", "jpeg", "gif", "webp", "svg"]);

export function isImagePath(path: string): boolean {
  const name = path.slice(path.lastIndexOf("/") + 1);
  return name.includes(".") && IMAGE_EXTENSIONS.has(name.slice(name.lastIndexOf(".") + 1).toLowerCase());
}

/** One row of the side-by-side images: an artifact path, and per compared run whether it has it. */
export interface ImageRow {
  path: string;
  present: boolean[];
}

/** Every image path of any run, in path order, with which runs logged it (the others show a placeholder). */
export function imageRows(perRun: string[][]): ImageRow[] {
  const sets = perRun.map((paths) => new Set(paths.filter(isImagePath)));
  const all = [...new Set(sets.flatMap((s) => [...s]))].sort((a, b) => a.localeCompare(b));
  return all.map((path) => ({ path, present: sets.map((s) => s.has(path)) }));
}
