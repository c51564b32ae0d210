import { FieldType, toDataFrame } from '@grafana/data';

import { columnValues } from './variableQuery';

describe('columnValues', () => {
  const frame = toDataFrame({
    fields: [
      { name: 'n', type: FieldType.number, values: [1, 2, 3] },
      { name: 'host', type: FieldType.string, values: ['b', 'a', 'b'] },
    ],
  });

  it('lists distinct values of the named column in order', () => {
    expect(columnValues([frame], 'n')).toEqual([
      { text: '1', value: '1' },
      { text: '2', value: '2' },
      { text: '3', value: '3' },
    ]);
  });

  it('uses the first text column when none is named', () => {
    expect(columnValues([frame]).map((v) => v.text)).toEqual(['b', 'a']);
  });

  it('gives nothing for a missing column', () => {
    expect(columnValues([frame], 'nope')).toEqual([]);
  });
});
