import { useState } from 'react';

import { isVariableRef } from '../../clsTopics';
import { ResourceClient } from '../../resources';
import { CLSLogset, CLSTopic } from '../../types';
import { useDebounced } from './useDebounced';
import { useLookup } from './useLookup';

export const TOPIC_SEARCH_DEBOUNCE_MS = 300;

export interface TopicCatalog {
  /** The topics matching the settled search text. */
  found: CLSTopic[];
  /** Every topic seen so far, by id: the chosen ones keep their names whatever is searched. */
  known: Record<string, CLSTopic>;
  logsets: Record<string, CLSLogset>;
  loading: boolean;
  error?: string;
  setSearch: (text: string) => void;
}

/**
 * The topics behind the topic picker. The search runs in the backend
 * (`topics?search=`, fuzzy names or an id) once typing pauses; topics the
 * query already names but no search has shown (a saved dashboard) are looked
 * up by id, so the picker shows their names rather than ids.
 */
export function useTopicCatalog(client: ResourceClient, selected: string[]): TopicCatalog {
  const [input, setSearch] = useState('');
  const search = useDebounced(input.trim(), TOPIC_SEARCH_DEBOUNCE_MS);
  const found = useLookup(() => client.getTopics({ search }), `topics:${search}`);
  const logsets = useLookup(() => client.getLogsets(), 'logsets');

  const [known, setKnown] = useState<Record<string, CLSTopic>>({});
  const unknown = selected.filter((id) => !known[id] && !isVariableRef(id));
  const resolved = useLookup(
    () =>
      Promise.all(unknown.map((id) => client.getTopics({ search: id }))).then((answers) =>
        answers.flat().filter((t) => unknown.includes(t.topicId))
      ),
    unknown.length ? `resolve:${unknown.join(',')}` : undefined
  );
  // Answers are remembered as they arrive (React's "adjust state on prop
  // change" pattern, as in useDraft); an answer's objects stay the same, so
  // this settles after one extra render.
  const fresh = [...found.items, ...resolved.items].filter((t) => known[t.topicId] !== t);
  if (fresh.length) {
    setKnown({ ...known, ...Object.fromEntries(fresh.map((t) => [t.topicId, t])) });
  }

  return {
    found: found.items,
    known,
    logsets: Object.fromEntries(logsets.items.map((l) => [l.logsetId, l])),
    loading: found.loading || search !== input.trim(),
    error: found.error,
    setSearch,
  };
}
