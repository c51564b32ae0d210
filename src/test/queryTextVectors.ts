import fs from 'fs';
import path from 'path';

export interface QueryTextVector {
  name: string;
  query: string;
  search: string;
  /** null when the query has no splitting pipe. */
  sql: string | null;
  /** The type inferred for the query when it has none. */
  queryType: 'slsLogs' | 'slsSql';
}

/* The Go tests read this very file, not a copy, so both sides follow one spec. */
export const QUERY_TEXT_VECTORS_PATH = path.join(
  __dirname,
  '..',
  '..',
  'pkg',
  'querytext',
  'testdata',
  'query_text_vectors.json'
);

export function loadQueryTextVectors(): QueryTextVector[] {
  const { vectors } = JSON.parse(fs.readFileSync(QUERY_TEXT_VECTORS_PATH, 'utf8'));
  if (!Array.isArray(vectors) || vectors.length === 0) {
    // An empty table would let every table test pass without checking anything.
    throw new Error(`no vectors in ${QUERY_TEXT_VECTORS_PATH}`);
  }
  return vectors;
}

/** Rows for it.each, named after the vector. */
export function queryTextVectorCases(): Array<[string, QueryTextVector]> {
  return loadQueryTextVectors().map((v) => [v.name, v]);
}
