import React from 'react';

/*
 * Monaco cannot run in jsdom. Tests swap @grafana/ui's CodeEditor for this
 * textarea, which keeps the contract the query field relies on: `value` in,
 * `onBlur(text)` out.
 */
export function MockCodeEditor(props: { value: string; language: string; onBlur?: (text: string) => void }) {
  const [text, setText] = React.useState(props.value);
  return (
    <textarea
      aria-label="Query text"
      data-language={props.language}
      value={text}
      onChange={(e) => setText(e.currentTarget.value)}
      onBlur={() => props.onBlur?.(text)}
    />
  );
}
