import { Zip, ZipPassThrough } from 'fflate';
import type { Writable } from 'node:stream';

/** One file of a zip written as it is produced; `data` is asked for only when its turn comes. */
export interface ZipEntrySource {
  name: string;
  data: () => Promise<Buffer>;
}

/**
 * Writes a zip to `out` one entry at a time, waiting for the stream to drain between entries, so memory
 * holds one file at a time however many there are. Entries are stored, not deflated: PDF and .docx are
 * already compressed. Names keep their Chinese characters (fflate sets the UTF-8 flag). A source that
 * fails is written as `<name>.error.txt` with the reason, and the rest of the zip still follows.
 *
 * Resolves with the number of entries written and the names of those that failed.
 */
export async function writeZip(
  out: Writable,
  entries: AsyncIterable<ZipEntrySource> | Iterable<ZipEntrySource>,
  onEntry?: (written: number) => void,
): Promise<{ written: number; failed: string[] }> {
  let streamError: unknown;
  const zip = new Zip((error, chunk, final) => {
    if (error) {
      streamError = error;
      return;
    }
    out.write(chunk);
    if (final) out.end();
  });
  const drained = () => (out.writableNeedDrain ? new Promise<void>((resolve) => out.once('drain', resolve)) : Promise.resolve());
  const usedNames = new Set<string>();
  const failed: string[] = [];
  let written = 0;
  for await (const entry of entries) {
    if (streamError) break;
    let data: Buffer;
    let name = uniqueName(usedNames, entry.name);
    try {
      data = await entry.data();
    } catch (error) {
      failed.push(entry.name);
      name = uniqueName(usedNames, `${entry.name}.error.txt`);
      data = Buffer.from(`${error instanceof Error ? error.message : String(error)}\n`, 'utf8');
    }
    const file = new ZipPassThrough(name);
    // A pinned time keeps the zip identical for identical documents (fflate's default is now).
    file.mtime = ZIP_EPOCH;
    zip.add(file);
    file.push(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), true);
    written += 1;
    onEntry?.(written);
    await drained();
  }
  zip.end();
  if (streamError) throw streamError;
  return { written, failed };
}

/** 1980-01-01, the earliest time a zip can hold. */
const ZIP_EPOCH = new Date(1980, 0, 1);

function uniqueName(used: Set<string>, name: string): string {
  let candidate = name;
  for (let n = 2; used.has(candidate); n += 1) {
    const dot = name.lastIndexOf('.');
    candidate = dot > 0 ? `${name.slice(0, dot)}（${n}）${name.slice(dot)}` : `${name}（${n}）`;
  }
  used.add(candidate);
  return candidate;
}
