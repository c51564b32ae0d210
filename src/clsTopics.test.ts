import { isVariableRef, queryTopics, withTopics } from './clsTopics';

describe('CLS topics of a query', () => {
  it('reads topicIds first, then topicId', () => {
    expect(queryTopics({ refId: 'A', topicId: 'a', topicIds: ['b', 'c'] })).toEqual(['b', 'c']);
    expect(queryTopics({ refId: 'A', topicId: 'a' })).toEqual(['a']);
    expect(queryTopics({ refId: 'A' })).toEqual([]);
  });

  it('writes one topic as topicId and several as topicIds', () => {
    expect(withTopics({ refId: 'A', topicIds: ['x', 'y'] }, ['x'])).toEqual({ refId: 'A', topicId: 'x' });
    expect(withTopics({ refId: 'A', topicId: 'x' }, ['x', 'y'])).toEqual({ refId: 'A', topicIds: ['x', 'y'] });
    expect(withTopics({ refId: 'A', topicId: 'x' }, [])).toEqual({ refId: 'A' });
  });

  it('tells variables from ids', () => {
    expect(isVariableRef('$topic')).toBe(true);
    expect(isVariableRef('[[topic]]')).toBe(true);
    expect(isVariableRef('0b7e1b2a-topic')).toBe(false);
  });
});
