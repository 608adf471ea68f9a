/** Look one record up by its chain place (reconciling a pending vault change at open, intent.ts). */
import { parseStoredRecord } from './chain.js';
import type { RecordTag } from './intent.js';
import type { RecordIndex } from './record-index.js';
import { readRange, segmentPath } from './segment-io.js';

/**
 * True if the log in `dir` holds a record with `tag.seq` whose stored hash is `tag.hash`.
 * Finds the row through the in-memory index and reads that one line. A line that cannot be
 * read or parsed counts as absent.
 */
export async function hasRecordAt(dir: string, index: RecordIndex, tag: RecordTag): Promise<boolean> {
  const i = index.countBelowSeq(tag.seq);
  if (i >= index.count || index.seq(i) !== tag.seq) return false;
  try {
    const line = await readRange(segmentPath(dir, index.segment(i)), index.offset(i), index.offset(i) + index.length(i));
    return parseStoredRecord(line.toString('utf8'))?.chain.hash === tag.hash;
  } catch {
    return false;
  }
}
