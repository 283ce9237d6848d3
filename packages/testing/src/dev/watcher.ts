// Watches a source folder (recursively) and calls back once per burst of changes: editors
// often write a file in several steps, and one save should be one reload.
import { type FSWatcher, watch } from "node:fs";

const DEBOUNCE_MS = 150;
const IGNORED = /(^|[\\/])(node_modules|dist|\.git)([\\/]|$)|(^|[\\/])\.[^\\/]*$|~$/;

export function watchSources(dir: string, onChange: (files: string[]) => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let changed = new Set<string>();
  const watcher: FSWatcher = watch(dir, { recursive: true }, (_event, file) => {
    const name = file?.toString() ?? "";
    if (IGNORED.test(name)) return;
    changed.add(name);
    clearTimeout(timer);
    timer = setTimeout(() => {
      const files = [...changed];
      changed = new Set();
      onChange(files);
    }, DEBOUNCE_MS);
  });
  return () => {
    clearTimeout(timer);
    watcher.close();
  };
}
