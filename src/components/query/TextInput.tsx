import { Input } from '@grafana/ui';
import React from 'react';

import { useDraft } from './useDraft';

interface Props {
  id: string;
  label: string;
  value?: string;
  placeholder?: string;
  width?: number;
  onChange: (value: string | undefined) => void;
  onRunQuery: () => void;
}

/** A text input that commits and runs the query on blur or Enter, as Grafana's editors do. */
export function TextInput({ id, label, value, placeholder, width = 24, onChange, onRunQuery }: Props) {
  const [text, setText] = useDraft(value ?? '');
  const commit = () => {
    if (text !== (value ?? '')) {
      onChange(text === '' ? undefined : text);
    }
    onRunQuery();
  };
  return (
    <Input
      id={id}
      aria-label={label}
      width={width}
      value={text}
      placeholder={placeholder}
      onChange={(e) => setText(e.currentTarget.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          commit();
        }
      }}
    />
  );
}
