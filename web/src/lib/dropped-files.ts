/** A file with the path it should have in the upload (folders kept: `model/MLmodel`). */
export interface PathedFile {
  path: string;
  file: File;
}

async function readEntry(entry: FileSystemEntry): Promise<PathedFile[]> {
  if (entry.isFile) {
    const file = await new Promise<File>((ok, fail) => (entry as FileSystemFileEntry).file(ok, fail));
    return [{ path: entry.fullPath.replace(/^\//, ""), file }];
  }
  if (entry.isDirectory) {
    const reader = (entry as FileSystemDirectoryEntry).createReader();
    const all: FileSystemEntry[] = [];
    // readEntries answers in batches (about 100 in Chromium) until an empty one.
    for (;;) {
      const batch = await new Promise<FileSystemEntry[]>((ok, fail) => reader.readEntries(ok, fail));
      if (batch.length === 0) break;
      all.push(...batch);
    }
    return (await Promise.all(all.map(readEntry))).flat();
  }
  return [];
}

/** Every file dropped, folders walked recursively, with their relative paths. */
export async function filesFromDrop(data: DataTransfer): Promise<PathedFile[]> {
  const entries = Array.from(data.items)
    .map((item) => item.webkitGetAsEntry())
    .filter((e): e is FileSystemEntry => e !== null);
  if (entries.length === 0) return filesFromInput(data.files);
  return (await Promise.all(entries.map(readEntry))).flat();
}

/** Files from an <input type="file">; a folder pick carries `webkitRelativePath`. */
export function filesFromInput(list: FileList | null): PathedFile[] {
  return Array.from(list ?? []).map((file) => ({ path: file.webkitRelativePath || file.name, file }));
}
