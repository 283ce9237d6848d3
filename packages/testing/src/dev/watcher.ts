// Watches a source folder and its subfolders and calls back once per burst of changes: editors
// often write a file in several steps, and one save should be one reload.
//
// Each folder is watched on its own, not with fs.watch's `recursive` option: on Linux, Node 20
// implements that option by watching every file's inode, so a file saved atomically (written to
// a temporary file renamed over it, as sed -i and many editors do) is never seen again, and it
// would watch every file of a node_modules too. A folder's watch sees its entries by name, so
// it survives those saves; new subfolders are watched as they appear.
import { existsSync, type FSWatcher, readdirSync, statSync, watch } from "node:fs";
import { join, relative } from "node:path";

const DEBOUNCE_MS = 150;
const IGNORED = /(^|[\\/])(node_modules|dist|\.git)([\\/]|$)|(^|[\\/])\.[^\\/]*$|~$/;

/**
 * @param onChange called with the changed paths relative to `dir`: those that still exist
 *   (an editor's temporary files are gone by then), or every one if none does (deletions).
 * @returns stops watching
 */
export function watchSources(dir: string, onChange: (files: string[]) => void): () => void {
  const watchers = new Map<string, FSWatcher>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let changed = new Set<string>();
  let closed = false;

  const flush = () => {
    const all = [...changed];
    changed = new Set();
    const present = all.filter((name) => existsSync(join(dir, name)));
    onChange(present.length > 0 ? present : all);
  };

  const watchFolder = (folder: string) => {
    if (closed) return;
    watchers.get(folder)?.close();
    let watcher: FSWatcher;
    try {
      watcher = watch(folder, (_event, file) => {
        if (file === null || file === undefined) return;
        const path = join(folder, file.toString());
        const name = relative(dir, path);
        if (IGNORED.test(name)) return;
        // A folder created or moved in (or replaced): watch it and what it holds.
        if (isFolder(path)) watchTree(path);
        changed.add(name);
        clearTimeout(timer);
        timer = setTimeout(flush, DEBOUNCE_MS);
      });
    } catch {
      return; // gone already
    }
    watcher.on("error", () => {
      // The folder was removed: its parent's watch reports that change.
      watcher.close();
      if (watchers.get(folder) === watcher) watchers.delete(folder);
    });
    watchers.set(folder, watcher);
  };

  const watchTree = (folder: string) => {
    watchFolder(folder);
    let entries: { name: string; isDirectory(): boolean }[];
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(folder, entry.name);
      if (entry.isDirectory() && !IGNORED.test(relative(dir, path))) watchTree(path);
    }
  };

  watchTree(dir);
  return () => {
    closed = true;
    clearTimeout(timer);
    for (const watcher of watchers.values()) watcher.close();
    watchers.clear();
  };
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
