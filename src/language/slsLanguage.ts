import type { Monaco, monacoTypes } from '@grafana/ui';

import { CompletionContext, CompletionKind, currentPrefix, getCompletionItems } from './completion';
import { tokenizeLine, TokenizerState } from './tokenizer';

/** `search | SQL` of one logstore, and plain SQL across a project. */
export const SLS_LANGUAGE_ID = 'cloudlogs-sls';
export const SLS_SQL_LANGUAGE_ID = 'cloudlogs-sls-sql';

class LineState implements monacoTypes.languages.IState {
  constructor(readonly state: TokenizerState) {}
  clone() {
    return new LineState({ ...this.state });
  }
  equals(other: monacoTypes.languages.IState) {
    return (
      other instanceof LineState &&
      other.state.inSQL === this.state.inSQL &&
      other.state.openQuote === this.state.openQuote
    );
  }
}

function tokensProvider(wholeTextIsSQL: boolean): monacoTypes.languages.TokensProvider {
  return {
    getInitialState: () => new LineState({ inSQL: wholeTextIsSQL }),
    tokenize: (line, state) => {
      const { tokens, endState } = tokenizeLine(line, (state as LineState).state);
      return {
        tokens: tokens.map((t) => ({ startIndex: t.startIndex, scopes: t.type })),
        endState: new LineState(endState),
      };
    },
  };
}

/*
 * One completion provider serves every editor of a language, so each editor
 * registers how to get its current fields under its model's URI.
 */
type ContextSource = () => Omit<CompletionContext, 'wholeTextIsSQL'>;
const contextByModel = new Map<string, ContextSource>();

export function setCompletionSource(model: monacoTypes.editor.ITextModel, source: ContextSource): () => void {
  const key = model.uri.toString();
  contextByModel.set(key, source);
  return () => contextByModel.delete(key);
}

function kindOf(monaco: Monaco, kind: CompletionKind): monacoTypes.languages.CompletionItemKind {
  const kinds = monaco.languages.CompletionItemKind;
  switch (kind) {
    case 'field':
      return kinds.Field;
    case 'macro':
      return kinds.Constant;
    case 'keyword':
      return kinds.Keyword;
    case 'function':
      return kinds.Function;
    case 'variable':
      return kinds.Variable;
    default:
      return kinds.Operator;
  }
}

function completionProvider(monaco: Monaco, wholeTextIsSQL: boolean): monacoTypes.languages.CompletionItemProvider {
  return {
    triggerCharacters: ['$', ' ', '|', '('],
    provideCompletionItems: (model, position) => {
      const source = contextByModel.get(model.uri.toString());
      const ctx = { fields: [], variables: [], ...source?.(), wholeTextIsSQL };
      const textBefore = model.getValueInRange({
        startLineNumber: 1,
        startColumn: 1,
        endLineNumber: position.lineNumber,
        endColumn: position.column,
      });
      const prefix = currentPrefix(textBefore);
      const range = {
        startLineNumber: position.lineNumber,
        endLineNumber: position.lineNumber,
        startColumn: position.column - prefix.length,
        endColumn: position.column,
      };
      return {
        suggestions: getCompletionItems(textBefore, ctx).map((item, i) => ({
          label: item.label,
          kind: kindOf(monaco, item.kind),
          insertText: item.insertText,
          detail: item.detail,
          // Fields first, then macros, keywords and variables, as listed.
          sortText: String(i).padStart(5, '0'),
          range,
        })),
      };
    },
  };
}

const registered = new WeakSet<object>();

/** Registers both languages once per Monaco instance (Grafana shares one). */
export function registerSLSLanguages(monaco: Monaco) {
  if (registered.has(monaco)) {
    return;
  }
  registered.add(monaco);
  for (const [id, wholeTextIsSQL] of [
    [SLS_LANGUAGE_ID, false],
    [SLS_SQL_LANGUAGE_ID, true],
  ] as const) {
    monaco.languages.register({ id });
    monaco.languages.setTokensProvider(id, tokensProvider(wholeTextIsSQL));
    monaco.languages.registerCompletionItemProvider(id, completionProvider(monaco, wholeTextIsSQL));
  }
}
