// The emulator's demo names (pkg/emulator), answered in the backend's resource shapes.
export const namespaces = [
  { name: 'default', description: 'Default namespace' },
  { name: 'staging', description: 'Pre-release functions' },
];

const fn = (name, runtime, status = 'Active', description = '') => ({ name, runtime, status, description });

export const functionsByNamespace = {
  default: [
    fn('hello-node', 'Nodejs18.15', 'Active', 'Hello world'),
    fn('order-api', 'Go1', 'Active', 'Order HTTP API'),
    fn('image-resize', 'Python3.9', 'Active', 'Thumbnails on upload'),
    fn('report-java', 'Java11', 'Active', 'Nightly reports'),
    fn('flaky-worker', 'Nodejs18.15', 'Active', 'Fails now and then'),
    fn('cron-cleanup', 'Python3.9', 'Active', 'Timer trigger'),
  ],
  staging: [fn('hello-node', 'Nodejs18.15'), fn('order-api', 'Go1', 'Updating')],
};

export const logstores = ['nginx-access', 'app-log', 'audit-log'];

export const fieldsByLogstore = {
  'nginx-access': [
    { name: 'remote_addr', type: 'text' },
    { name: 'request_method', type: 'text' },
    { name: 'request_uri', type: 'text' },
    { name: 'status', type: 'long' },
    { name: 'request_time', type: 'double' },
    { name: 'body_bytes_sent', type: 'long' },
    { name: 'http_user_agent', type: 'text' },
    { name: 'host', type: 'text' },
    { name: 'trace_id', type: 'text' },
  ],
  'app-log': [
    { name: 'level', type: 'text' },
    { name: 'message', type: 'text' },
    { name: 'service', type: 'text' },
    { name: 'trace_id', type: 'text' },
  ],
  'audit-log': [
    { name: 'user', type: 'text' },
    { name: 'action', type: 'text' },
    { name: 'resource', type: 'text' },
  ],
};

export const valuesByField = {
  status: [
    { value: '200', count: 9120 },
    { value: '404', count: 310 },
    { value: '500', count: 42 },
  ],
  request_method: [
    { value: 'GET', count: 8000 },
    { value: 'POST', count: 1400 },
  ],
};

// CLS: the emulator's demo logsets and topics (pkg/emulator/clsemu), with its fixed ids.
export const logsets = [
  { logsetId: '4d3f2b1a-5c6e-4a7b-9c8d-0e1f2a3b4c5d', logsetName: 'SCF_logset_Dm0Lk7Qa', topicCount: 1 },
  { logsetId: '1b2c3d4e-6f70-4819-a2b3-c4d5e6f70819', logsetName: 'demo-apps', topicCount: 1 },
];

export const topics = [
  {
    topicId: '9a8b7c6d-1e2f-4a3b-8c4d-5e6f7a8b9c0d',
    topicName: 'SCF_logtopic_Xq3vB9Zc',
    logsetId: '4d3f2b1a-5c6e-4a7b-9c8d-0e1f2a3b4c5d',
    index: true,
    period: 7,
  },
  {
    topicId: '7e6d5c4b-3a29-4180-b7c6-d5e4f3a2b1c0',
    topicName: 'nginx-access',
    logsetId: '1b2c3d4e-6f70-4819-a2b3-c4d5e6f70819',
    index: true,
    period: 30,
  },
];

const field = (name, type = 'text') => ({ name, type, sql: true });

export const fieldsByTopic = {
  '7e6d5c4b-3a29-4180-b7c6-d5e4f3a2b1c0': [
    field('status', 'long'),
    field('request_time', 'double'),
    field('request_uri'),
    field('method'),
    field('host'),
    field('level'),
    field('remote_addr'),
  ],
  '9a8b7c6d-1e2f-4a3b-8c4d-5e6f7a8b9c0d': [
    field('SCF_FunctionName'),
    field('SCF_Namespace'),
    field('SCF_RequestId'),
    field('SCF_Message'),
    field('SCF_Level'),
    field('SCF_StatusCode', 'long'),
    field('SCF_Duration', 'double'),
    field('SCF_MemUsage', 'double'),
    field('SCF_StartTime', 'long'),
    field('SCF_Type'),
  ],
};

export const valuesByTopicField = {
  method: [
    { value: 'GET', count: 7000 },
    { value: 'POST', count: 1800 },
  ],
  SCF_FunctionName: [
    { value: 'order-api', count: 5000 },
    { value: 'hello-node', count: 3100 },
  ],
};
