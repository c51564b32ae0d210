import { clsSearchKey, escapeCLSPhrase } from './clsEscape';
import { queryTopics, withTopics } from './clsTopics';
import { DEFAULT_CLS_SYNTAX } from './defaults';
import { clsDialect, QueryDialect } from './queryText';
import { addCondition, SearchLanguage, topLevelTerms } from './searchFilters';
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

/** CLS search (CQL and Lucene alike): AND, AND NOT, and a lone NOT. */
export function clsLanguage(syntax: CLSSyntax = DEFAULT_CLS_SYNTAX): SearchLanguage {
  const dialect = clsDialect(syntax);
  return {
    dialect,
    and: ' AND ',
    andNot: ' AND NOT ',
    aloneNot: 'NOT ',
    bindsLooser: (s) => needsGrouping(s, dialect),
  };
}

/** The condition a label filter writes: `key:"value"`, or the phrase alone for a line filter. */
export function clsCondition(key: string | undefined, value: string, syntax: CLSSyntax = DEFAULT_CLS_SYNTAX): string {
  const phrase = `"${escapeCLSPhrase(value, '"', syntax)}"`;
  return key === undefined ? phrase : `${BUILT_IN_KEYS[key] ?? clsSearchKey(key, syntax)}:${phrase}`;
}

/** Adds `AND key:"value"` (or `AND NOT key:"value"`) to the search part, keeping any SQL after the pipe. */
export function addCLSFilter(
  text: string,
  key: string | undefined,
  value: string,
  exclude: boolean,
  syntax: CLSSyntax = DEFAULT_CLS_SYNTAX
): string {
  return addCondition(text, clsCondition(key, value, syntax), exclude, clsLanguage(syntax));
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
export function modifyCLSQuery(
  query: CloudLogsQuery,
  key: string | undefined,
  value: string,
  exclude: boolean
): CloudLogsQuery {
  if (query.queryType === 'clsContext' || (key !== undefined && UNSEARCHABLE.has(key))) {
    return query;
  }
  if (key === '__topic_id__') {
    return filterTopic(query, value, exclude);
  }
  return { ...query, query: addCLSFilter(query.query ?? '*', key, value, exclude, query.syntax) };
}
