import fs from 'fs';
import path from 'path';

import { QueryDialect } from '../queryText';

export interface QueryTextVector {
  name: string;
  query: string;
  search: string;
  /** null when the query has no splitting pipe. */
  sql: string | null;
  /** The type inferred for the query when it has none. */
  queryType: 'slsLogs' | 'slsSql' | 'clsLogs' | 'clsSql';
}

/*
 * The Go tests read these files, not copies, so both sides follow one spec:
 * SLS search and CLS Lucene share the double-quote rule; CQL adds
 * single-quoted phrases.
 */
const VECTORS = path.join(__dirname, '..', '..', 'pkg', 'querytext', 'testdata');
const DOUBLE_QUOTES = path.join(VECTORS, 'query_text_vectors.json');
const CQL = path.join(VECTORS, 'cql_query_text_vectors.json');

function read(file: string): QueryTextVector[] {
  const { vectors } = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (!Array.isArray(vectors) || vectors.length === 0) {
    // An empty table would let every table test pass without checking anything.
    throw new Error(`no vectors in ${file}`);
  }
  return vectors;
}

/** The vectors of a dialect; the Lucene ones are the shared file's, typed as CLS queries. */
export function loadQueryTextVectors(dialect: QueryDialect = 'sls'): QueryTextVector[] {
  switch (dialect) {
    case 'cql':
      return read(CQL);
    case 'lucene':
      return read(DOUBLE_QUOTES).map((v) => ({ ...v, queryType: v.queryType === 'slsSql' ? 'clsSql' : 'clsLogs' }));
    default:
      return read(DOUBLE_QUOTES);
  }
}

/** Rows for it.each, named after the vector. */
export function queryTextVectorCases(dialect: QueryDialect = 'sls'): Array<[string, QueryTextVector]> {
  return loadQueryTextVectors(dialect).map((v) => [v.name, v]);
}
