import { act } from '@testing-library/react';

import { ResourceClient } from '../resources';

/** The emulator's demo names, as the backend's look-ups return them. */
export const DEMO = {
  namespaces: [
    { name: 'default', description: 'default namespace' },
    { name: 'staging', description: '' },
  ],
  functions: ['hello-node', 'order-api', 'image-resize', 'report-java', 'flaky-worker', 'cron-cleanup'],
  logstores: ['nginx-access', 'app-log', 'audit-log'],
  fields: [
    { name: 'remote_addr', type: 'text' },
    { name: 'status', type: 'long' },
    { name: 'request_time', type: 'double' },
    { name: 'trace_id', type: 'text' },
  ],
  logsets: [
    { logsetId: 'ls-scf', logsetName: 'SCF_logset_Dm0Lk7Qa', topicCount: 1 },
    { logsetId: 'ls-apps', logsetName: 'demo-apps', topicCount: 1 },
  ],
  topics: [
    { topicId: 'topic-scf', topicName: 'SCF_logtopic_Xq3vB9Zc', logsetId: 'ls-scf', index: true, period: 7 },
    { topicId: 'topic-nginx', topicName: 'nginx-access', logsetId: 'ls-apps', index: true, period: 30 },
  ],
  topicFields: [
    { name: 'status', type: 'long', sql: true },
    { name: 'request_time', type: 'double', sql: true },
    { name: 'request_uri', type: 'text', sql: true },
    { name: 'method', type: 'text', sql: true },
    { name: 'raw_body', type: 'text', sql: false },
  ],
};

/** The backend's topic search: names fuzzily (here: a substring), or an exact id. */
function searchTopics(params: { search?: string; logsetId?: string } = {}) {
  const text = (params.search ?? '').toLowerCase();
  return DEMO.topics.filter(
    (t) =>
      (!params.logsetId || t.logsetId === params.logsetId) &&
      (!text || t.topicName.toLowerCase().includes(text) || t.topicId === params.search)
  );
}

export function fakeClient(overrides: Partial<ResourceClient> = {}): jest.Mocked<ResourceClient> {
  return {
    getNamespaces: jest.fn().mockResolvedValue(DEMO.namespaces),
    getFunctions: jest.fn().mockImplementation(async (namespace?: string) =>
      DEMO.functions.map((name) => ({
        name,
        namespace: namespace ?? 'default',
        runtime: 'Nodejs18.15',
        status: 'Active',
      }))
    ),
    getLogstores: jest.fn().mockResolvedValue(DEMO.logstores),
    getFields: jest.fn().mockResolvedValue(DEMO.fields),
    getFieldValues: jest.fn().mockResolvedValue([]),
    getLogsets: jest.fn().mockResolvedValue(DEMO.logsets),
    getTopics: jest
      .fn()
      .mockImplementation(async (params?: { search?: string; logsetId?: string }) => searchTopics(params)),
    getTopicFields: jest.fn().mockResolvedValue(DEMO.topicFields),
    getTopicFieldValues: jest.fn().mockResolvedValue([]),
    ...overrides,
  } as jest.Mocked<ResourceClient>;
}

/** A promise the test settles when it wants, to see the loading state. */
export function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets the look-ups started by a render answer inside act(), as a user would wait for them. */
export const settle = () => act(async () => {});
