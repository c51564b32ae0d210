import { CLSSyntax } from './types';

/*
 * How a query splits into `search | SQL`, for SLS and for CLS. The backend
 * splits by the same rule (pkg/querytext), pinned for both sides by vector
 * files (pkg/querytext/testdata/query_text_vectors.json,
 * pkg/querytext/testdata/cql_query_text_vectors.json), so every place in src/ that needs
 * the split (type inference, validation, interpolation, highlighting, label
 * filters) goes through here.
 *
 * Always: a backslash escapes the next character, inside phrases too, and the
 * first pipe outside phrases and escapes splits. The search languages differ
 * in what opens a phrase: SLS search and CLS Lucene have double-quoted
 * phrases only, so `don't` is a plain term; CLS's CQL also has single-quoted
 * ones, and a phrase ends only at its own quote.
 */

/** A search language: SLS search, or one of CLS's two. */
export type QueryDialect = 'sls' | 'cql' | 'lucene';
export type PhraseQuote = '"' | "'";

const PHRASE_QUOTES: Record<QueryDialect, string> = { sls: '"', cql: `"'`, lucene: '"' };

/** The dialect of a CLS query's search part: CQL unless it says Lucene, as the backend defaults. */
export function clsDialect(syntax?: CLSSyntax): QueryDialect {
  return syntax === 'lucene' ? 'lucene' : 'cql';
}

export interface SearchScan {
  /** Index of the pipe that starts the SQL part, or -1 when there is none. */
  pipeAt: number;
  /** The quote of a phrase still open where the scan stopped. */
  openQuote?: PhraseQuote;
}

/**
 * Scans search syntax for the pipe that starts the SQL part. The highlighter
 * resumes the scan line by line by passing `openQuote` on; `onQuote` hears
 * every phrase opening (with its quote) and closing (undefined), by index.
 */
export function scanSearchPart(
  text: string,
  dialect: QueryDialect = 'sls',
  openQuote?: PhraseQuote,
  onQuote?: (at: number, quote: PhraseQuote | undefined) => void
): SearchScan {
  const quotes = PHRASE_QUOTES[dialect];
  let quote = openQuote;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') {
      i++;
    } else if (quote === undefined && quotes.includes(c)) {
      quote = c as PhraseQuote;
      onQuote?.(i, quote);
    } else if (c === quote) {
      quote = undefined;
      onQuote?.(i, undefined);
    } else if (c === '|' && quote === undefined) {
      return { pipeAt: i, openQuote: quote };
    }
  }
  return { pipeAt: -1, openQuote: quote };
}

export interface QueryTextParts {
  search: string;
  /** Undefined when the text has no splitting pipe; '' for `search |`. */
  sql?: string;
}

/**
 * The split with the parts as written, blanks included, for code that puts
 * the text back together and should keep the user's layout.
 */
export function splitSearchAndSQLRaw(text: string, dialect: QueryDialect = 'sls'): QueryTextParts {
  const { pipeAt } = scanSearchPart(text, dialect);
  if (pipeAt < 0) {
    return { search: text };
  }
  return { search: text.slice(0, pipeAt), sql: text.slice(pipeAt + 1) };
}

/** Splits `search | SQL` at the first pipe outside phrases and escapes; both parts trimmed. */
export function splitSearchAndSQL(text: string, dialect: QueryDialect = 'sls'): QueryTextParts {
  const { search, sql } = splitSearchAndSQLRaw(text, dialect);
  return sql === undefined ? { search: search.trim() } : { search: search.trim(), sql: sql.trim() };
}

/**
 * Whether the text has an analytic part: a bare `*|` has none, so it is
 * still a log search and an SQL query type would be refused by the backend.
 */
export function hasSQLPart(text: string, dialect: QueryDialect = 'sls'): boolean {
  return Boolean(splitSearchAndSQL(text, dialect).sql);
}

/** A stretch of search text: outside phrases (no quote), or a phrase's content (quotes excluded). */
export interface SearchSegment {
  text: string;
  quote?: PhraseQuote;
}

/**
 * Cuts a search part into plain stretches and phrase contents, by the same
 * scan as the split, so interpolation knows which escaping a variable needs.
 * Joining the segments with their quotes gives the text back.
 */
export function searchSegments(search: string, dialect: QueryDialect): SearchSegment[] {
  const segments: SearchSegment[] = [];
  let from = 0;
  let current: PhraseQuote | undefined;
  scanSearchPart(search, dialect, undefined, (at, quote) => {
    segments.push({ text: search.slice(from, at), quote: current });
    from = at + 1;
    current = quote;
  });
  segments.push({ text: search.slice(from), quote: current });
  return segments;
}

/**
 * Puts segments back together: a phrase is closed unless it is the last
 * segment, as an unclosed phrase can only be.
 */
export function joinSearchSegments(segments: SearchSegment[]): string {
  return segments
    .map((s, i) => (s.quote ? `${s.quote}${s.text}${i < segments.length - 1 ? s.quote : ''}` : s.text))
    .join('');
}
