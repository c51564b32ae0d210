import { useState } from 'react';

/**
 * Text being typed, committed later (on blur or Enter). When the committed
 * value changes from outside (another editor, a query history pick) the draft
 * follows it; React's "adjust state on prop change" pattern, no effect needed.
 */
export function useDraft(value: string): [string, (text: string) => void] {
  const [draft, setDraft] = useState(value);
  const [seen, setSeen] = useState(value);
  if (seen !== value) {
    setSeen(value);
    setDraft(value);
  }
  return [draft, setDraft];
}
