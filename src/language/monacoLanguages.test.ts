import type { Monaco, monacoTypes } from '@grafana/ui';

import {
  CLS_LANGUAGE_IDS,
  registerQueryLanguages,
  setCompletionSource,
  SLS_LANGUAGE_ID,
  SLS_SQL_LANGUAGE_ID,
} from './monacoLanguages';

/** The part of Monaco the registration touches, recording what it is given. */
function fakeMonaco() {
  const tokenizers = new Map<string, monacoTypes.languages.TokensProvider>();
  const completions = new Map<string, monacoTypes.languages.CompletionItemProvider>();
  const monaco = {
    languages: {
      register: jest.fn(),
      setTokensProvider: jest.fn((id: string, p: monacoTypes.languages.TokensProvider) => tokenizers.set(id, p)),
      registerCompletionItemProvider: jest.fn((id: string, p: monacoTypes.languages.CompletionItemProvider) =>
        completions.set(id, p)
      ),
      CompletionItemKind: { Field: 3, Constant: 14, Keyword: 17, Function: 1, Variable: 4, Operator: 11 },
    },
  };
  return { monaco: monaco as unknown as Monaco, raw: monaco, tokenizers, completions };
}

function fakeModel(text: string, uri = 'inmemory://model/1') {
  return {
    uri: { toString: () => uri },
    getValueInRange: () => text,
  } as unknown as monacoTypes.editor.ITextModel;
}

describe('registerQueryLanguages', () => {
  it('registers the languages once per Monaco instance', () => {
    const { monaco, raw } = fakeMonaco();
    registerQueryLanguages(monaco);
    registerQueryLanguages(monaco);
    expect(raw.languages.register.mock.calls.map((c) => c[0].id)).toEqual([
      SLS_LANGUAGE_ID,
      SLS_SQL_LANGUAGE_ID,
      CLS_LANGUAGE_IDS.cql,
      CLS_LANGUAGE_IDS.lucene,
    ]);
  });

  it('tokenizes lines through the SLS tokenizer, carrying state', () => {
    const { monaco, tokenizers } = fakeMonaco();
    registerQueryLanguages(monaco);
    const provider = tokenizers.get(SLS_LANGUAGE_ID)!;
    const first = provider.tokenize('status: 500 | SELECT', provider.getInitialState());
    expect(first.tokens.map((t) => t.scopes)).toEqual([
      'type',
      'operator',
      'white',
      'number',
      'white',
      'delimiter',
      'white',
      'keyword',
    ]);
    const second = provider.tokenize('count(*)', first.endState);
    expect(second.tokens[0].scopes).toBe('predefined');
    expect(first.endState.equals(provider.getInitialState())).toBe(false);
    // Project SQL starts in SQL: the first word is already a keyword.
    const sql = tokenizers.get(SLS_SQL_LANGUAGE_ID)!;
    expect(sql.tokenize('SELECT', sql.getInitialState()).tokens[0].scopes).toBe('keyword');
  });

  it('suggests the fields of the editor the model belongs to, replacing the typed prefix', () => {
    const { monaco, completions } = fakeMonaco();
    registerQueryLanguages(monaco);
    const model = fakeModel('* | SELECT $__ti', 'inmemory://model/7');
    const release = setCompletionSource(model, () => ({
      fields: [{ name: 'status', type: 'long' }],
      variables: ['env'],
    }));
    const position = { lineNumber: 1, column: 17 } as monacoTypes.Position;
    const result = completions
      .get(SLS_LANGUAGE_ID)!
      .provideCompletionItems(model, position, {} as never, {} as never) as monacoTypes.languages.CompletionList;
    const labels = result.suggestions.map((s) => s.label);
    expect(labels).toContain('status');
    expect(labels).toContain('$__timeFilter');
    expect(labels).toContain('$env');
    expect(result.suggestions[0].range).toEqual({
      startLineNumber: 1,
      endLineNumber: 1,
      startColumn: 12,
      endColumn: 17,
    });
    release();
    const after = completions
      .get(SLS_LANGUAGE_ID)!
      .provideCompletionItems(model, position, {} as never, {} as never) as monacoTypes.languages.CompletionList;
    expect(after.suggestions.map((s) => s.label)).not.toContain('status');
  });
});

describe('the CLS languages', () => {
  it('reads single-quoted phrases in CQL and switches to SQL at the CQL split', () => {
    const { monaco, tokenizers } = fakeMonaco();
    registerQueryLanguages(monaco);
    const provider = tokenizers.get(CLS_LANGUAGE_IDS.cql)!;
    const line = provider.tokenize("msg:'a|b' | SELECT 1", provider.getInitialState());
    expect(line.tokens.map((t) => t.scopes)).toEqual([
      'type',
      'operator',
      'string',
      'white',
      'delimiter',
      'white',
      'keyword',
      'white',
      'number',
    ]);
    // In Lucene the apostrophe is text, so the first pipe splits.
    const lucene = tokenizers.get(CLS_LANGUAGE_IDS.lucene)!;
    const split = lucene.tokenize("msg:'a|b'", lucene.getInitialState());
    expect(split.tokens.map((t) => t.scopes)).toContain('delimiter');
    expect(split.endState.equals(lucene.getInitialState())).toBe(false);
  });

  it('completes the topic fields as CQL keys, and only SQL-enabled ones after the pipe', () => {
    const { monaco, completions } = fakeMonaco();
    registerQueryLanguages(monaco);
    const fields = [
      { name: 'status', type: 'long', sql: true },
      { name: 'raw', type: 'text', sql: false },
    ];
    const suggest = (text: string) => {
      const model = fakeModel(text, `inmemory://model/cls-${text.length}`);
      setCompletionSource(model, () => ({ fields, variables: [] }));
      const position = { lineNumber: 1, column: text.length + 1 } as monacoTypes.Position;
      return (
        completions
          .get(CLS_LANGUAGE_IDS.cql)!
          .provideCompletionItems(model, position, {} as never, {} as never) as monacoTypes.languages.CompletionList
      ).suggestions;
    };
    const search = suggest('sta');
    expect(search.find((s) => s.label === 'status')?.insertText).toBe('status:');
    expect(search.map((s) => s.label)).toContain('raw');
    expect(search.map((s) => s.label)).toContain('AND');
    const sql = suggest("msg:'x|y' | SELECT ");
    expect(sql.map((s) => s.label)).toContain('status');
    expect(sql.map((s) => s.label)).not.toContain('raw');
    expect(sql.map((s) => s.label)).not.toContain('$__timeFilter');
  });
});
