import { clsSearchKey, escapeCLSPhrase } from './clsEscape';
import { queryTopics, withTopics } from './clsTopics';
import { DEFAULT_CLS_SYNTAX } from './defaults';
import { clsDialect, QueryDialect, searchSegments, splitSearchAndSQLRaw } from './queryText';
import { CLSSyntax, CloudLogsQuery } from './types';

/* The backend's lower-case labels for CLS's built-in fields, which search knows in upper case. */
const BUILT_IN_KEYS: Record<string, string> = {
  __source__: '__SOURCE__',
  __filename__: '__FILENAME__',
  __hostname__: '__HOSTNAME__',
};

/* Labels the backend adds that are no searchable field: filtering on them changes nothing. */
const UNSEARCHABLE = new Set(['__topic__', '__pkg_id__', '__pkg_log_id__']);

const OPERATORS = new Set(['AND', 'OR', 'NOT', '&&', '||']);

/** The search's terms outside phrases and parentheses, split at blanks. */
function topLevelTerms(search: string, dialect: QueryDialect): string[] {
  const terms: string[] = [];
  let term = '';
  let depth = 0;
  for (const segment of searchSegments(search, dialect)) {
    if (segment.quote) {
      // A phrase belongs to the term it stands in, whatever it holds.
      term += segment.quote;
      continue;
    }
    const text = segment.text;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (c === '\\') {
        term += text.slice(i, i + 2);
        i++;
        continue;
      }
      depth += c === '(' ? 1 : c === ')' ? -1 : 0;
      if (/\s/.test(c) && depth === 0) {
        terms.push(term);
        term = '';
      } else {
        term += c;
      }
    }
  }
  terms.push(term);
  return terms.filter(Boolean);
}

/**
 * Whether `search AND x` would bind x to less than the whole search: with an
 * OR at the top, or with terms next to each other without an operator (CLS
 * Lucene reads that as OR), the search is put in parentheses first.
 */
function needsGrouping(search: string, dialect: QueryDialect): boolean {
  const terms = topLevelTerms(search, dialect);
  return terms.some((t, i) => {
    const upper = t.toUpperCase();
    if (upper === 'OR' || upper === '||') {
      return true;
    }
    return i > 0 && !OPERATORS.has(upper) && !OPERATORS.has(terms[i - 1].toUpperCase());
  });
}

/** Adds `AND key:"value"` (or `AND NOT key:"value"`) to the search part, keeping any SQL after the pipe. */
export function addCLSFilter(
  text: string,
  key: string,
  value: string,
  exclude: boolean,
  syntax: CLSSyntax = DEFAULT_CLS_SYNTAX
): string {
  // The SQL part goes back exactly as written, line breaks and all.
  const dialect = clsDialect(syntax);
  const { search, sql } = splitSearchAndSQLRaw(text, dialect);
  const field = BUILT_IN_KEYS[key] ?? clsSearchKey(key, syntax);
  const condition = `${exclude ? 'NOT ' : ''}${field}:"${escapeCLSPhrase(value, '"', syntax)}"`;
  const base = search.trim();
  let next: string;
  if (base === '' || base === '*') {
    next = condition;
  } else {
    next = `${needsGrouping(base, dialect) ? `(${base})` : base} AND ${condition}`;
  }
  return sql === undefined ? next : `${next} |${sql}`;
}

/** A topic label narrows or widens the query's topics instead of its text. */
function filterTopic(query: CloudLogsQuery, topicId: string, exclude: boolean): CloudLogsQuery {
  const topics = queryTopics(query);
  if (!exclude) {
    return withTopics(query, [topicId]);
  }
  const rest = topics.filter((t) => t !== topicId);
  // Dropping the only topic would leave nothing to search.
  return rest.length && rest.length < topics.length ? withTopics(query, rest) : query;
}

/** Explore's "filter for / filter out value" on a CLS log line's label. */
export function modifyCLSQuery(query: CloudLogsQuery, key: string, value: string, exclude: boolean): CloudLogsQuery {
  if (query.queryType === 'clsContext' || UNSEARCHABLE.has(key)) {
    return query;
  }
  if (key === '__topic_id__') {
    return filterTopic(query, value, exclude);
  }
  return { ...query, query: addCLSFilter(query.query ?? '*', key, value, exclude, query.syntax) };
}
