/*
 * How an SLS logstore query splits into `search | SQL`. The backend splits
 * by the same rule, and pkg/querytext/testdata/query_text_vectors.json pins
 * it for both sides, so every place in src/ that needs the split (type
 * inference, validation, interpolation, highlighting) goes through here.
 */

export interface SearchScan {
  /** Index of the pipe that starts the SQL part, or -1 when there is none. */
  pipeAt: number;
  /** Whether a phrase is still open where the scan stopped. */
  inPhrase: boolean;
}

/**
 * Scans search syntax for the pipe that starts the SQL part. A backslash
 * escapes the next character and a double quote opens or closes a phrase;
 * single quotes are not quotes here, so `don't` is a plain term. The
 * highlighter resumes the scan line by line by passing `inPhrase` on.
 */
export function scanSearchPart(text: string, inPhrase = false): SearchScan {
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') {
      i++;
    } else if (c === '"') {
      inPhrase = !inPhrase;
    } else if (c === '|' && !inPhrase) {
      return { pipeAt: i, inPhrase };
    }
  }
  return { pipeAt: -1, inPhrase };
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
export function splitSearchAndSQLRaw(text: string): QueryTextParts {
  const { pipeAt } = scanSearchPart(text);
  if (pipeAt < 0) {
    return { search: text };
  }
  return { search: text.slice(0, pipeAt), sql: text.slice(pipeAt + 1) };
}

/** Splits `search | SQL` at the first pipe outside phrases and escapes; both parts trimmed. */
export function splitSearchAndSQL(text: string): QueryTextParts {
  const { search, sql } = splitSearchAndSQLRaw(text);
  return sql === undefined ? { search: search.trim() } : { search: search.trim(), sql: sql.trim() };
}

/**
 * Whether the text has an analytic part: a bare `*|` has none, so it is
 * still a log search and an slsSql query would be refused by the backend.
 */
export function hasSQLPart(text: string): boolean {
  return Boolean(splitSearchAndSQL(text).sql);
}
