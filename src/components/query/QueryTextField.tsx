import { CodeEditor, type Monaco, type monacoTypes } from '@grafana/ui';
import React, { useEffect, useRef } from 'react';

import { registerQueryLanguages, setCompletionSource } from '../../language/monacoLanguages';
import { variableNames } from './templateVariables';

interface Props {
  value: string;
  /** One of the language ids of monacoLanguages.ts: decides highlighting and completion. */
  language: string;
  fields: Array<{ name: string; type?: string; sql?: boolean }>;
  onChange: (value: string) => void;
  onRunQuery: () => void;
}

/**
 * The query text in Monaco with highlighting and completion. Like Grafana's
 * own editors it commits and runs on blur and on Shift+Enter.
 */
export function QueryTextField({ value, language, fields, onChange, onRunQuery }: Props) {
  // Monaco keeps the first callbacks it is given; refs let them see the latest props.
  const latest = useRef({ value, fields, onChange, onRunQuery });
  useEffect(() => {
    latest.current = { value, fields, onChange, onRunQuery };
  });

  const commit = (text: string) => {
    if (text !== latest.current.value) {
      latest.current.onChange(text);
    }
    latest.current.onRunQuery();
  };

  const onEditorDidMount = (editor: monacoTypes.editor.IStandaloneCodeEditor, monaco: Monaco) => {
    const model = editor.getModel();
    if (model) {
      const release = setCompletionSource(model, () => ({
        fields: latest.current.fields,
        variables: variableNames(),
      }));
      editor.onDidDispose(release);
    }
    editor.addCommand(monaco.KeyMod.Shift | monaco.KeyCode.Enter, () => commit(editor.getValue()));
  };

  return (
    <CodeEditor
      value={value}
      language={language}
      height={90}
      showLineNumbers={false}
      showMiniMap={false}
      monacoOptions={{ wordWrap: 'on', lineNumbers: 'off', folding: false, scrollBeyondLastLine: false, fontSize: 13 }}
      onBeforeEditorMount={registerQueryLanguages}
      onEditorDidMount={onEditorDidMount}
      onBlur={commit}
    />
  );
}
