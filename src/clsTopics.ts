import { CloudLogsQuery } from './types';

/** The topics a CLS query names, topicIds first (the backend reads either). */
export function queryTopics(query: CloudLogsQuery): string[] {
  if (query.topicIds?.length) {
    return query.topicIds;
  }
  return query.topicId ? [query.topicId] : [];
}

/** One topic is written as topicId, several as topicIds, so the JSON stays the simplest that says it. */
export function withTopics(query: CloudLogsQuery, topics: string[]): CloudLogsQuery {
  const { topicId: _id, topicIds: _ids, ...rest } = query;
  if (topics.length === 0) {
    return rest;
  }
  return topics.length === 1 ? { ...rest, topicId: topics[0] } : { ...rest, topicIds: topics };
}

/** A dashboard variable reference rather than a topic id. */
export const isVariableRef = (text: string) => text.startsWith('$') || text.startsWith('[[');
