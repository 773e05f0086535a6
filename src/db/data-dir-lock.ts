import { mkdirSync, openSync, readFileSync, unlinkSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';

export const LOCK_FILE_NAME = 'mimo-slack.pid';

export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError';
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function tryCreate(path: string): boolean {
  try {
    const fd = openSync(path, 'wx');
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/**
 * Takes the embedded database's data directory for this process. PGlite is a
 * single-process database: a second process writing the same files would lose writes
 * silently, so the second one fails here instead. A lock left by a process that no
 * longer runs is taken over. Returns a function that releases the lock.
 */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, LOCK_FILE_NAME);

  for (let attempt = 0; attempt < 2; attempt += 1) {
    if (tryCreate(path)) {
      return () => {
        try {
          if (readFileSync(path, 'utf8') === String(process.pid)) unlinkSync(path);
        } catch {
          // Already gone: nothing to release.
        }
      };
    }
    const owner = Number.parseInt(readFileSync(path, 'utf8'), 10);
    if (Number.isInteger(owner) && owner !== process.pid && isRunning(owner)) {
      throw new DataDirLockedError(
        `The embedded database in DATA_DIR=${dataDir} is in use by process ${owner}. ` +
          'Stop that process, set DATA_DIR to another folder, or set DATABASE_URL to share a PostgreSQL server between processes.',
      );
    }
    unlinkSync(path);
  }
  throw new DataDirLockedError(`Could not lock DATA_DIR=${dataDir}: another process keeps taking ${LOCK_FILE_NAME}`);
}
