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
