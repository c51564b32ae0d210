import type { Monaco, monacoTypes } from '@grafana/ui';

import { QueryDialect } from '../queryText';
import { CompletionContext, CompletionKind, currentPrefix, getCompletionItems } from './completion';
import { tokenizeLine, TokenizerState } from './tokenizer';

/** SLS `search | SQL` of one logstore, SLS SQL across a project, CLS `search | SQL` in CQL or Lucene. */
export const SLS_LANGUAGE_ID = 'cloudlogs-sls';
export const SLS_SQL_LANGUAGE_ID = 'cloudlogs-sls-sql';
export const CLS_LANGUAGE_IDS = { cql: 'cloudlogs-cls-cql', lucene: 'cloudlogs-cls-lucene' } as const;

interface LanguageSpec {
  id: string;
  dialect: QueryDialect;
  wholeTextIsSQL: boolean;
}

const LANGUAGES: LanguageSpec[] = [
  { id: SLS_LANGUAGE_ID, dialect: 'sls', wholeTextIsSQL: false },
  { id: SLS_SQL_LANGUAGE_ID, dialect: 'sls', wholeTextIsSQL: true },
  { id: CLS_LANGUAGE_IDS.cql, dialect: 'cql', wholeTextIsSQL: false },
  { id: CLS_LANGUAGE_IDS.lucene, dialect: 'lucene', wholeTextIsSQL: false },
];

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

function tokensProvider({ dialect, wholeTextIsSQL }: LanguageSpec): monacoTypes.languages.TokensProvider {
  return {
    getInitialState: () => new LineState({ inSQL: wholeTextIsSQL }),
    tokenize: (line, state) => {
      const { tokens, endState } = tokenizeLine(line, (state as LineState).state, dialect);
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
type ContextSource = () => Omit<CompletionContext, 'wholeTextIsSQL' | 'dialect'>;
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

function completionProvider(
  monaco: Monaco,
  { dialect, wholeTextIsSQL }: LanguageSpec
): monacoTypes.languages.CompletionItemProvider {
  return {
    triggerCharacters: ['$', ' ', '|', '('],
    provideCompletionItems: (model, position) => {
      const source = contextByModel.get(model.uri.toString());
      const ctx = { fields: [], variables: [], ...source?.(), wholeTextIsSQL, dialect };
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

/** Registers the query languages once per Monaco instance (Grafana shares one). */
export function registerQueryLanguages(monaco: Monaco) {
  if (registered.has(monaco)) {
    return;
  }
  registered.add(monaco);
  for (const spec of LANGUAGES) {
    monaco.languages.register({ id: spec.id });
    monaco.languages.setTokensProvider(spec.id, tokensProvider(spec));
    monaco.languages.registerCompletionItemProvider(spec.id, completionProvider(monaco, spec));
  }
}
