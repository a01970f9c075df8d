import { pipeline, type Readable, Transform } from 'node:stream';
import { AppError } from '@sp/http-kit';
import { parse } from 'csv-parse';
import {
  BATCH_CSV_COLUMNS,
  BATCH_MAX_BYTES,
  BATCH_MAX_ROWS,
  BATCH_REQUIRED_COLUMNS,
} from '../batch-schemas.js';

/** One uploaded row before validation: its line (CSV) or 1-based position (JSON), and its fields by row field name. */
export interface SourceRow {
  line: number;
  fields: Record<string, unknown>;
}

/** Row field → CSV column header, to report a bad cell by the name the uploader sees. */
export const COLUMN_OF_FIELD: Record<string, string> = Object.fromEntries(
  Object.entries(BATCH_CSV_COLUMNS).map(([column, field]) => [field, column]),
);

const badFile = (reason: string, detail: string) =>
  new AppError('bad_request', { detail, extra: { reason } });

/**
 * Streams the rows of a CSV upload: checks that the bytes are UTF-8 (a leading BOM is allowed), that the
 * upload stays under {@link BATCH_MAX_BYTES} and {@link BATCH_MAX_ROWS}, and that the header names every
 * required column. Whole-file problems throw `AppError('bad_request')` with `reason` `encoding` |
 * `missing_columns` | `malformed_csv` (or `payload_too_large`); the caller then keeps nothing.
 * Only one parsed chunk is held at a time, so memory stays flat however long the file is.
 * @example for await (const row of csvBatchRows(req)) …
 */
export async function* csvBatchRows(body: Readable): AsyncGenerator<SourceRow> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let bytes = 0;
  const decode = new Transform({
    decodeStrings: true,
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      if (bytes > BATCH_MAX_BYTES) {
        done(
          new AppError('payload_too_large', {
            detail: `The file is larger than ${BATCH_MAX_BYTES / 1024 / 1024} MB`,
          }),
        );
        return;
      }
      try {
        done(null, decoder.decode(chunk, { stream: true }));
      } catch {
        done(badFile('encoding', 'The file is not UTF-8 text; save it as "CSV UTF-8" and upload it again'));
      }
    },
    flush(done) {
      try {
        done(null, decoder.decode());
      } catch {
        done(badFile('encoding', 'The file is not UTF-8 text; save it as "CSV UTF-8" and upload it again'));
      }
    },
  });
  // relax_quotes: a quote inside an unquoted cell (`=HYPERLINK("x")`) is data, as spreadsheets write it.
  const parser = parse({
    bom: true,
    info: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
  });
  let failure: unknown;
  pipeline(body, decode, parser, (err) => {
    if (err) failure = err;
  });

  let header: (string | undefined)[] | undefined;
  let rows = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      if (!header) {
        const names = record.map((h) => h.trim().toLowerCase());
        const missing = BATCH_REQUIRED_COLUMNS.filter((c) => !names.includes(c));
        if (missing.length > 0) {
          throw badFile('missing_columns', `The header has no column ${missing.join(', ')}`);
        }
        header = names.map((n) =>
          n in BATCH_CSV_COLUMNS ? BATCH_CSV_COLUMNS[n as keyof typeof BATCH_CSV_COLUMNS] : undefined,
        );
        continue;
      }
      rows++;
      if (rows > BATCH_MAX_ROWS) {
        throw new AppError('payload_too_large', { detail: `A batch has at most ${BATCH_MAX_ROWS} rows` });
      }
      const fields: Record<string, unknown> = {};
      header.forEach((field, i) => {
        const value = record[i]?.trim();
        if (field && value) fields[field] = value;
      });
      yield { line: info.lines, fields };
    }
  } catch (err) {
    throw asFileError(failure ?? err);
  } finally {
    if (!parser.destroyed) parser.destroy();
  }
  if (failure) throw asFileError(failure);
  if (!header) throw badFile('empty_file', 'The file is empty: it needs a header line and at least one row');
}

function asFileError(err: unknown): unknown {
  if (err instanceof AppError) return err;
  const e = err as { code?: string; lines?: number; message?: string };
  if (typeof e.code === 'string' && e.code.startsWith('CSV_')) {
    return badFile('malformed_csv', `The file is not valid CSV near line ${e.lines ?? '?'} (${e.code})`);
  }
  return err;
}

/**
 * The rows of a JSON upload as {@link SourceRow}s, numbered from 1.
 * @example for (const row of jsonBatchRows(body.rows)) …
 */
export function* jsonBatchRows(rows: Record<string, unknown>[]): Generator<SourceRow> {
  let line = 0;
  for (const fields of rows) {
    line++;
    yield { line, fields };
  }
}
