import { useEffect, useState } from 'react';

import { resourceErrorMessage } from '../../resources';

export interface Lookup<T> {
  loading: boolean;
  error?: string;
  items: T[];
}

interface Answer<T> {
  key?: string;
  items: T[];
  error?: string;
}

/**
 * Runs a backend look-up whenever `key` changes. The answer is stored with the
 * key it was for, so a slow answer for an old namespace can neither overwrite
 * nor pass for the list of the current one; until the current answer is in,
 * the look-up is loading. A `key` of undefined means "nothing to look up".
 */
export function useLookup<T>(load: () => Promise<T[]>, key: string | undefined): Lookup<T> {
  const [answer, setAnswer] = useState<Answer<T>>({ items: [] });
  useEffect(() => {
    if (key === undefined) {
      return;
    }
    let current = true;
    load().then(
      (items) => current && setAnswer({ key, items: Array.isArray(items) ? items : [] }),
      (err) => current && setAnswer({ key, items: [], error: resourceErrorMessage(err) })
    );
    return () => {
      current = false;
    };
    // `load` closes over what `key` names; a new closure each render must not reload.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  if (key === undefined) {
    return { loading: false, items: [] };
  }
  if (answer.key !== key) {
    return { loading: true, items: [] };
  }
  return { loading: false, items: answer.items, error: answer.error };
}
