import { closeSync, existsSync, ftruncateSync, fstatSync, openSync, unlinkSync, writeSync } from 'node:fs';
import type { RejectedRow } from './rows';

export const REJECTS_HEADER = ['row', 'line', 'phoneNumber', 'reason', 'userId', 'message'] as const;

const needsQuotes = /[",\r\n]|^\s|\s$/;

/** One CSV record (RFC 4180): a value with a quote, comma, line break or edge space is quoted, quotes doubled. */
export const csvLine = (values: readonly (string | number | null | undefined)[]): string =>
  `${values
    .map((value) => {
      const text = value === null || value === undefined ? '' : String(value);
      return needsQuotes.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
    })
    .join(',')}\n`;

export const rejectLine = ({ row, line, fields, message }: RejectedRow): string =>
  csvLine([row, line, fields.phoneNumber, fields.reason, fields.userId, message]);

const FLUSH_AT_BYTES = 64 * 1024;

/**
 * The rejects file: the input's bad rows with their row number and the reason, in row order.
 * Lines are buffered and written with `writeSync` on `flush()`, so that once `flush()` returns
 * every byte counted by `bytes` is in the file: a checkpoint may then refer to that length.
 */
export class RejectsFile {
  private pending: string[] = [];
  private pendingBytes = 0;
  private written: number;
  private added = 0;

  private constructor(
    readonly path: string,
    private readonly fd: number,
    startBytes: number,
  ) {
    this.written = startBytes;
  }

  /** A new file (any old one replaced), with the header line. */
  static create(path: string): RejectsFile {
    const fd = openSync(path, 'w');
    const header = csvLine(REJECTS_HEADER);
    writeSync(fd, header);
    return new RejectsFile(path, fd, Buffer.byteLength(header));
  }

  /**
   * Reopens the file a checkpoint refers to, cut back to `bytes`: rows rejected after the
   * checkpoint are read and rejected again. Answers a note when the file is not as the checkpoint left it.
   */
  static resume(path: string, bytes: number): { file: RejectsFile; note?: string } {
    if (!existsSync(path)) {
      return { file: RejectsFile.create(path), note: `${path} was missing: it now holds only the rows rejected from here on` };
    }
    const fd = openSync(path, 'r+');
    const size = fstatSync(fd).size;
    if (size < bytes) {
      closeSync(fd);
      return {
        file: RejectsFile.create(path),
        note: `${path} was shorter than the checkpoint says: it now holds only the rows rejected from here on`,
      };
    }
    ftruncateSync(fd, bytes);
    return { file: new RejectsFile(path, fd, bytes) };
  }

  /** Adds a row; answers the file's length once it is written, for the checkpoint. */
  add(rejected: RejectedRow): number {
    const line = rejectLine(rejected);
    const size = Buffer.byteLength(line);
    this.pending.push(line);
    this.pendingBytes += size;
    this.added += 1;
    if (this.pendingBytes >= FLUSH_AT_BYTES) this.flush();
    return this.written + this.pendingBytes;
  }

  get count(): number {
    return this.added;
  }

  /** Writes what is buffered; the file's length is then `bytes`. */
  flush(): void {
    if (this.pending.length === 0) return;
    const chunk = Buffer.from(this.pending.join(''));
    this.pending = [];
    this.pendingBytes = 0;
    // At an explicit position: right after the truncation point of a resumed file.
    for (let offset = 0; offset < chunk.length; ) offset += writeSync(this.fd, chunk, offset, chunk.length - offset, this.written + offset);
    this.written += chunk.length;
  }

  get bytes(): number {
    return this.written + this.pendingBytes;
  }

  close({ removeIfEmpty }: { removeIfEmpty: boolean }): void {
    this.flush();
    closeSync(this.fd);
    if (removeIfEmpty) unlinkSync(this.path);
  }
}
