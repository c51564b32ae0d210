import { Input } from '@grafana/ui';
import React from 'react';

import { useDraft } from './useDraft';

interface Props {
  id: string;
  label: string;
  value?: number;
  placeholder: string;
  width?: number;
  onChange: (value: number | undefined) => void;
  onBlur: () => void;
}

/** A whole-number input that commits on blur; empty means the default shown as placeholder. */
export function NumberInput({ id, label, value, placeholder, width = 12, onChange, onBlur }: Props) {
  const [text, setText] = useDraft(value === undefined ? '' : String(value));
  return (
    <Input
      id={id}
      aria-label={label}
      type="number"
      width={width}
      value={text}
      placeholder={placeholder}
      onChange={(e) => setText(e.currentTarget.value)}
      onBlur={() => {
        const n = text.trim() === '' ? undefined : Number(text);
        onChange(n === undefined || Number.isNaN(n) ? undefined : n);
        onBlur();
      }}
    />
  );
}
