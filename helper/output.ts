/**
 * Writing the `-o` file of a command, carefully: the output never replaces the input file,
 * a symbolic link, a device, a FIFO or a folder (exit 2 before any work); the bytes go to a
 * temporary file in the same folder, which is flushed to disk (fsync) and then renamed over
 * the target, so a reader sees the old file or the whole new one, never half of it. An existing
 * file keeps its permissions; a new one is readable by its owner only (0600), because what
 * we write is about patients. On any failure the temporary file is removed and the target is
 * left as it was.
 */
import { closeSync, fchmodSync, fstatSync, fsyncSync, lstatSync, openSync, renameSync, statSync, unlinkSync, writeSync, type Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { msg, type MessageKey } from '../shared/i18n';

/** A user-facing failure: Japanese and English text, exit code 2 (bad usage / input). */
export interface OutputProblem {
  ja: string;
  en: string;
}

/** Thrown by this module; the CLI turns it into its one-line error. */
export class OutputError extends Error {
  constructor(readonly problem: OutputProblem) {
    super(problem.en);
  }
}

function fail(key: MessageKey, ...subs: string[]): never {
  throw new OutputError({ ja: msg('ja', key, ...subs), en: msg('en', key, ...subs) });
}

/** What sits at `path` now (lstat: a link is a link), or null when nothing does. */
function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    fail('cli_outputUnwritable', path, (e as NodeJS.ErrnoException).code ?? 'ERROR');
  }
}

const sameFile = (a: Stats, b: Stats) => a.dev === b.dev && a.ino === b.ino;

/**
 * Checks that `out` may be written: not the input (`inputs`: paths or open descriptors of
 * what the command reads), not a link, device, FIFO, socket or folder. Returns the existing
 * file's permission bits, or null for a new file. Throws `OutputError`.
 */
export function checkOutputTarget(out: string, inputs: ReadonlyArray<string | number> = []): number | null {
  const target = resolve(out);
  const st = lstatOrNull(target);
  if (st === null) return null;
  if (st.isSymbolicLink()) fail('cli_outputSymlink', out);
  if (st.isDirectory()) fail('cli_outputDirectory', out);
  if (!st.isFile()) fail('cli_outputSpecial', out);
  for (const input of inputs) {
    let ist: Stats;
    try {
      ist = typeof input === 'number' ? fstatSync(input) : statSync(input);
    } catch {
      continue; // an input that cannot be read is reported by its reader
    }
    if (sameFile(st, ist)) fail('cli_outputIsInput', out);
  }
  return st.mode & 0o7777;
}

/** An output file being written: `write` any number of times, then `commit` (or `abort`). */
export interface OutputFile {
  write(buf: Uint8Array): void;
  /** Flushes to disk, renames over the target and flushes the folder. */
  commit(): void;
  /** Removes the temporary file; the target stays as it was. Safe to call twice. */
  abort(): void;
}

/**
 * Opens `out` for writing (after `checkOutputTarget`). New files get `newMode` (default
 * 0600); an existing file keeps its mode.
 */
export function openOutputFile(out: string, opts: { inputs?: ReadonlyArray<string | number>; newMode?: number } = {}): OutputFile {
  const existingMode = checkOutputTarget(out, opts.inputs);
  const target = resolve(out);
  const tmp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  const mode = existingMode ?? opts.newMode ?? 0o600;
  let fd: number | null = null;
  let done = false;
  const cleanUp = () => {
    if (fd !== null) {
      try {
        closeSync(fd);
      } catch {
        // already closed
      }
      fd = null;
    }
    try {
      unlinkSync(tmp);
    } catch {
      // nothing to remove
    }
  };
  const unwritable = (e: unknown): never => {
    cleanUp();
    done = true;
    fail('cli_outputUnwritable', out, (e as NodeJS.ErrnoException | null)?.code ?? 'ERROR');
  };
  try {
    fd = openSync(tmp, 'wx', 0o600);
    // openSync's mode is masked by the umask; set the exact bits (an existing 0640 stays 0640).
    fchmodSync(fd, mode);
  } catch (e) {
    unwritable(e);
  }
  return {
    write(buf) {
      if (done || fd === null) return;
      try {
        for (let off = 0; off < buf.length; ) off += writeSync(fd, buf, off, buf.length - off);
      } catch (e) {
        unwritable(e);
      }
    },
    commit() {
      if (done || fd === null) return;
      try {
        fsyncSync(fd);
        closeSync(fd);
        fd = null;
        // The target may have become a link or the input meanwhile: check again just before.
        checkOutputTarget(out, opts.inputs);
        renameSync(tmp, target);
        done = true;
      } catch (e) {
        if (e instanceof OutputError) {
          cleanUp();
          done = true;
          throw e;
        }
        unwritable(e);
      }
      try {
        const dfd = openSync(dirname(target), 'r');
        try {
          fsyncSync(dfd);
        } finally {
          closeSync(dfd);
        }
      } catch {
        // some file systems cannot sync a folder; the file itself is on disk
      }
    },
    abort() {
      if (done) return;
      done = true;
      cleanUp();
    },
  };
}

/** Writes `chunks` to `out` in one go (see `openOutputFile`). */
export function writeOutputFile(out: string, chunks: readonly Uint8Array[], opts: { inputs?: ReadonlyArray<string | number>; newMode?: number } = {}): void {
  const file = openOutputFile(out, opts);
  try {
    for (const c of chunks) file.write(c);
    file.commit();
  } finally {
    file.abort();
  }
}
