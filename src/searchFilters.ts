import { QueryDialect, searchSegments, splitSearchAndSQLRaw } from './queryText';

/*
 * Adding, finding and removing one condition in the search part of an SLS
 * or CLS query, so that Explore's filter buttons can toggle: removing a
 * condition right after adding it gives back the text as it was, spaces
 * around the pipe and any SQL included.
 */

/** How a search language joins a condition to a search. */
export interface SearchLanguage {
  dialect: QueryDialect;
  /** ` and ` / ` AND `. */
  and: string;
  /** ` not ` / ` AND NOT `. */
  andNot: string;
  /** A negated condition standing alone: `* not ` / `NOT `. */
  aloneNot: string;
  /** Whether `search <and> condition` would bind the condition to less than the whole search. */
  bindsLooser: (search: string) => boolean;
}

/** The search's terms outside phrases and parentheses, split at blanks. */
export function topLevelTerms(search: string, dialect: QueryDialect): string[] {
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

/** A search in one pair of parentheses: `(…)`, which grouping adds and removal takes off. */
function isWrapped(search: string, dialect: QueryDialect): boolean {
  if (!search.startsWith('(') || !search.endsWith(')')) {
    return false;
  }
  // The first parenthesis must close at the very end: not `(a) or (b)`, nor `(a)(b)`.
  let depth = 0;
  let closedAt = -1;
  let offset = 0;
  for (const segment of searchSegments(search, dialect)) {
    const text = segment.text;
    for (let i = 0; segment.quote === undefined && i < text.length && closedAt < 0; i++) {
      if (text[i] === '\\') {
        i++;
        continue;
      }
      depth += text[i] === '(' ? 1 : text[i] === ')' ? -1 : 0;
      if (depth === 0) {
        closedAt = offset + i;
      }
    }
    offset += text.length + 1; // and the quote that ends the segment
  }
  return closedAt === search.length - 1;
}

function isAll(search: string): boolean {
  return search === '' || search === '*';
}

/** The text with its search part (trimmed) changed, blanks around it and the SQL kept as written. */
function editSearch(text: string, dialect: QueryDialect, edit: (search: string) => string): string {
  const { search, sql } = splitSearchAndSQLRaw(text, dialect);
  const core = search.trim();
  const lead = core ? search.slice(0, search.indexOf(core)) : '';
  const trail = core ? search.slice(lead.length + core.length) : sql === undefined ? '' : ' ';
  const next = edit(core);
  return sql === undefined ? `${lead}${next}${trail}` : `${lead}${next}${trail}|${sql}`;
}

function searchOf(text: string, dialect: QueryDialect): string {
  return splitSearchAndSQLRaw(text, dialect).search.trim();
}

/** Where `part` stands in `search` followed by its end or a blank, or -1. */
function indexOfWhole(search: string, part: string): number {
  for (let at = search.indexOf(part); at >= 0; at = search.indexOf(part, at + 1)) {
    const next = search[at + part.length];
    if (next === undefined || /\s|\)/.test(next)) {
      return at;
    }
  }
  return -1;
}

export function addCondition(text: string, condition: string, negate: boolean, lang: SearchLanguage): string {
  return editSearch(text, lang.dialect, (search) => {
    if (isAll(search)) {
      return negate ? `${lang.aloneNot}${condition}` : condition;
    }
    const grouped = lang.bindsLooser(search) || isWrapped(search, lang.dialect) ? `(${search})` : search;
    return `${grouped}${negate ? lang.andNot : lang.and}${condition}`;
  });
}

export function hasCondition(text: string, condition: string, negate: boolean, lang: SearchLanguage): boolean {
  const search = searchOf(text, lang.dialect);
  const alone = negate ? `${lang.aloneNot}${condition}` : condition;
  const join = `${negate ? lang.andNot : lang.and}${condition}`;
  return search === alone || search.startsWith(`${alone} `) || indexOfWhole(search, join) >= 0;
}

export function removeCondition(text: string, condition: string, negate: boolean, lang: SearchLanguage): string {
  return editSearch(text, lang.dialect, (search) => {
    const alone = negate ? `${lang.aloneNot}${condition}` : condition;
    if (search === alone) {
      return '*';
    }
    let next: string | undefined;
    if (search.startsWith(`${alone} `)) {
      const rest = search.slice(alone.length);
      if (rest.startsWith(lang.and)) {
        next = rest.slice(lang.and.length);
      } else if (rest.startsWith(lang.andNot)) {
        next = `${lang.aloneNot}${rest.slice(lang.andNot.length)}`;
      }
    }
    if (next === undefined) {
      const join = `${negate ? lang.andNot : lang.and}${condition}`;
      const at = indexOfWhole(search, join);
      if (at < 0) {
        return search;
      }
      next = search.slice(0, at) + search.slice(at + join.length);
    }
    return isWrapped(next, lang.dialect) ? next.slice(1, -1) : next;
  });
}
