import { CsvError, parse } from 'csv-parse/sync';

/**
 * The CCADB's Included CA Certificate Report (IncludedCACertificateReport.csv, the CSV the
 * security guidelines link to): one row per root CA Mozilla includes, every field quoted, CRLF.
 * Only the columns the registry compares are kept; the file is never fetched, it is uploaded or
 * given to `portico registry import-ccadb FILE`.
 */
export interface CcadbEntry {
  /** Lowercase hex, as the registry stores it (the report writes uppercase). */
  sha256: string;
  name: string;
  owner: string;
  /** As the report lists them: "Websites" (TLS), "Email" (S/MIME). */
  trustBits: string[];
  /** Empty when the report says "Not EV". */
  evPolicyOids: string[];
  /** YYYY-MM-DD: Mozilla distrusts TLS certificates it issues after this day. */
  tlsDistrustAfter: string | null;
  validTo: string | null;
}

type CcadbParse = { ok: true; entries: CcadbEntry[] } | { ok: false; message: string };

const COLUMNS = {
  sha256: 'SHA-256 Fingerprint',
  name: 'Common Name or Certificate Name',
  owner: 'Owner',
  trustBits: 'Trust Bits',
  evPolicyOids: 'EV Policy OID(s)',
  tlsDistrustAfter: 'Distrust for TLS After Date',
  validTo: 'Valid To [GMT]',
} as const;

/** Mozilla includes a few hundred roots: a file with many more rows is not this report. */
const MAX_ROWS = 5000;

export function parseCcadbReport(text: string): CcadbParse {
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: false, max_record_size: 64 * 1024, to: MAX_ROWS + 2 });
  } catch (error) {
    if (error instanceof CsvError) return { ok: false, message: `The file is not a readable CSV file: ${csvProblem(error)}` };
    throw error;
  }
  const [header, ...rows] = records;
  if (!header) return { ok: false, message: 'The file is empty: upload the Included CA Certificate Report (IncludedCACertificateReport.csv).' };
  const missing = Object.values(COLUMNS).filter((column) => !header.includes(column));
  if (missing.length > 0)
    return {
      ok: false,
      message: `This is not the CCADB Included CA Certificate Report: it has no column ${missing.map((column) => `"${column}"`).join(', ')}.`,
    };
  if (rows.length === 0) return { ok: false, message: 'The report lists no certificate.' };
  if (rows.length > MAX_ROWS)
    return { ok: false, message: `The report lists more than ${MAX_ROWS} certificates: this is not the Included CA Certificate Report.` };
  const index = Object.fromEntries(Object.entries(COLUMNS).map(([key, column]) => [key, header.indexOf(column)])) as Record<keyof typeof COLUMNS, number>;
  const entries: CcadbEntry[] = [];
  for (const [position, row] of rows.entries()) {
    const entry = entryOf(row, index, position + 2);
    if (typeof entry === 'string') return { ok: false, message: entry };
    entries.push(entry);
  }
  return { ok: true, entries };
}

/** One row, or what is wrong with it in words (the row counted as a spreadsheet shows it: the header is row 1). */
function entryOf(row: string[], index: Record<keyof typeof COLUMNS, number>, line: number): CcadbEntry | string {
  const field = (key: keyof typeof COLUMNS) => (row[index[key]] ?? '').trim();
  const sha256 = field('sha256').replace(/:/g, '');
  if (!/^[0-9a-fA-F]{64}$/.test(sha256)) return `Row ${line}: the SHA-256 Fingerprint "${field('sha256').slice(0, 80)}" is not 64 hexadecimal digits.`;
  const tlsDistrustAfter = dateOf(field('tlsDistrustAfter'));
  if (tlsDistrustAfter === undefined)
    return `Row ${line}: the Distrust for TLS After Date "${field('tlsDistrustAfter').slice(0, 40)}" is not a date (YYYY.MM.DD).`;
  const ev = field('evPolicyOids');
  return {
    sha256: sha256.toLowerCase(),
    name: field('name'),
    owner: field('owner'),
    trustBits: listOf(field('trustBits')),
    evPolicyOids: /^not ev$/i.test(ev) ? [] : listOf(ev),
    tlsDistrustAfter,
    validTo: dateOf(field('validTo')) ?? null,
  };
}

function listOf(value: string): string[] {
  return value
    .split(/[;,]/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** "2024.11.30" (the report's form) or "2024-11-30" → "2024-11-30"; empty → null; anything else → undefined. */
function dateOf(value: string): string | null | undefined {
  if (value === '') return null;
  const match = /^(\d{4})[.-](\d{2})[.-](\d{2})$/.exec(value);
  if (!match) return undefined;
  const iso = `${match[1]}-${match[2]}-${match[3]}`;
  return Number.isNaN(Date.parse(`${iso}T00:00:00Z`)) ? undefined : iso;
}

/** csv-parse's error in words: where, and what (its messages name the line). */
function csvProblem(error: CsvError): string {
  switch (error.code) {
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH':
      return `a row does not have as many fields as the header (${error.message.replace(/^Invalid Record Length: /, '')}).`;
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted field is never closed (a missing " near the end of the file).';
    default:
      return error.message;
  }
}
