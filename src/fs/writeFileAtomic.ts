import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Writes a file so that a crash leaves either the old content or the new, never a torn file: a temp file beside it,
 * fsync, rename over the target, fsync of the directory (so the rename itself is durable).
 */
export function writeFileAtomic(
  path: string,
  content: string,
  options: { mode?: number; dirMode?: number; exclusiveTemp?: boolean } = {},
): void {
  mkdirSync(dirname(path), {
    recursive: true,
    ...(options.dirMode === undefined ? {} : { mode: options.dirMode }),
  });
  const temp = `${path}.${process.pid}.tmp`;
  const fd = openSync(temp, options.exclusiveTemp ? 'wx' : 'w', options.mode ?? 0o644);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
  const dir = openSync(dirname(path), 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}
