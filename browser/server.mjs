// A small HTTP server on 127.0.0.1 for the browser check: it serves the
// harness page, its bundle, Grafana's icons, and a stand-in for the plugin
// backend's resource endpoints answering in the backend's contract shapes.
import { createReadStream, existsSync, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import {
  fieldsByLogstore,
  fieldsByTopic,
  functionsByNamespace,
  logsets,
  logstores,
  namespaces,
  topics,
  valuesByField,
  valuesByTopicField,
} from './demoData.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const iconsDir = path.join(here, '..', 'node_modules', '@grafana', 'ui', 'dist', 'public', 'img');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.png': 'image/png',
  '.map': 'application/json',
};

function sendJSON(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function sendFile(res, file) {
  if (!existsSync(file) || !statSync(file).isFile()) {
    return sendJSON(res, 404, { error: `not found: ${path.basename(file)}` });
  }
  res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
  createReadStream(file).pipe(res);
}

/** CLS topics as the backend searches them: names fuzzily (here: a substring), or an exact id. */
function searchTopics(params) {
  const search = (params.get('search') ?? '').toLowerCase();
  const logsetId = params.get('logsetId');
  return topics.filter(
    (t) =>
      (!logsetId || t.logsetId === logsetId) &&
      (!search || t.topicName.toLowerCase().includes(search) || t.topicId === params.get('search'))
  );
}

/* CLS look-ups share the names fields and values with SLS; their parameters tell them apart. */
function clsResource(name, params) {
  const topicId = params.get('topicId') ?? '';
  switch (name) {
    case 'fields':
      return fieldsByTopic[topicId]
        ? [200, fieldsByTopic[topicId]]
        : [404, { error: `ResourceNotFound.TopicNotExist: topic ${topicId} does not exist` }];
    case 'values':
      return [200, (valuesByTopicField[params.get('field') ?? ''] ?? []).slice(0, Number(params.get('limit') || 100))];
    default:
      return undefined;
  }
}

/** The resource endpoints of /api/datasources/uid/<uid>/resources/<name>. */
export function resource(name, params) {
  if (params.has('topicId')) {
    return clsResource(name, params) ?? [404, { error: `unknown resource ${name}` }];
  }
  switch (name) {
    case 'logsets':
      return [200, logsets];
    case 'topics':
      return [200, searchTopics(params)];
    case 'namespaces':
      return [200, namespaces];
    case 'functions': {
      const ns = params.get('namespace') || 'default';
      const fns = functionsByNamespace[ns];
      if (!fns) {
        return [400, { error: `ResourceNotFound.Namespace: namespace ${ns} does not exist` }];
      }
      return [200, fns.map((f) => ({ ...f, namespace: ns }))];
    }
    case 'logstores':
      return [200, logstores];
    case 'fields': {
      const fields = fieldsByLogstore[params.get('logstore') ?? ''];
      return fields
        ? [200, fields]
        : [404, { error: `LogStoreNotExist: logstore ${params.get('logstore')} does not exist` }];
    }
    case 'values':
      return [200, (valuesByField[params.get('field') ?? ''] ?? []).slice(0, Number(params.get('limit') || 100))];
    default:
      return [404, { error: `unknown resource ${name}` }];
  }
}

export function startServer(distDir) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const match = url.pathname.match(/^\/api\/datasources\/uid\/[^/]+\/resources\/([\w-]+)$/);
    if (match) {
      const [status, body] = resource(match[1], url.searchParams);
      return sendJSON(res, status, body);
    }
    if (url.pathname === '/api/ds/query') {
      // The editors do not need query results; answer an empty, valid response.
      return sendJSON(res, 200, { results: {} });
    }
    if (url.pathname.startsWith('/public/build/img/')) {
      const rel = path.normalize(url.pathname.slice('/public/build/img/'.length));
      if (rel.startsWith('..')) {
        return sendJSON(res, 400, { error: 'bad path' });
      }
      return sendFile(res, path.join(iconsDir, rel));
    }
    if (url.pathname === '/' || url.pathname === '/index.html') {
      return sendFile(res, path.join(here, 'index.html'));
    }
    const rel = path.normalize(url.pathname.replace(/^\/dist\//, ''));
    if (rel.startsWith('..')) {
      return sendJSON(res, 400, { error: 'bad path' });
    }
    return sendFile(res, path.join(distDir, rel));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
