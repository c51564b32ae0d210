import { CodeEditor, type Monaco, type monacoTypes } from '@grafana/ui';
import React, { useEffect, useRef } from 'react';

import {
  registerSLSLanguages,
  setCompletionSource,
  SLS_LANGUAGE_ID,
  SLS_SQL_LANGUAGE_ID,
} from '../../language/slsLanguage';
import { SLSField } from '../../types';
import { variableNames } from './templateVariables';

interface Props {
  value: string;
  /** Project SQL is SQL from the first character; otherwise `search | SQL`. */
  wholeTextIsSQL: boolean;
  fields: SLSField[];
  onChange: (value: string) => void;
  onRunQuery: () => void;
}

/**
 * The query text in Monaco with SLS highlighting and completion. Like
 * Grafana's own editors it commits and runs on blur and on Shift+Enter.
 */
export function SLSQueryField({ value, wholeTextIsSQL, fields, onChange, onRunQuery }: Props) {
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
      language={wholeTextIsSQL ? SLS_SQL_LANGUAGE_ID : SLS_LANGUAGE_ID}
      height={90}
      showLineNumbers={false}
      showMiniMap={false}
      monacoOptions={{ wordWrap: 'on', lineNumbers: 'off', folding: false, scrollBeyondLastLine: false, fontSize: 13 }}
      onBeforeEditorMount={registerSLSLanguages}
      onEditorDidMount={onEditorDidMount}
      onBlur={commit}
    />
  );
}
