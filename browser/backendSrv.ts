import { BackendSrv, BackendSrvRequest, FetchError, FetchResponse } from '@grafana/runtime';
import { from, Observable } from 'rxjs';

/*
 * Just enough of Grafana's BackendSrv, on window.fetch, for the data source's
 * getResource and query calls to reach the harness server as they would reach
 * Grafana: same URLs, same params, errors shaped like FetchError.
 */
async function send<T>(options: BackendSrvRequest): Promise<FetchResponse<T>> {
  const url = new URL(options.url, window.location.origin);
  for (const [key, value] of Object.entries(options.params ?? {})) {
    if (value !== undefined && value !== null) {
      url.searchParams.set(key, String(value));
    }
  }
  const res = await fetch(url, {
    method: options.method ?? 'GET',
    headers: { 'content-type': 'application/json', ...options.headers },
    body: options.data === undefined ? undefined : JSON.stringify(options.data),
  });
  const text = await res.text();
  const data = text ? JSON.parse(text) : undefined;
  if (!res.ok) {
    const error: FetchError = { status: res.status, statusText: res.statusText, data, config: options };
    throw error;
  }
  return {
    data,
    status: res.status,
    statusText: res.statusText,
    ok: res.ok,
    headers: res.headers,
    redirected: res.redirected,
    type: res.type,
    url: res.url,
    config: options,
  };
}

export const fetchBackendSrv = {
  fetch: <T>(options: BackendSrvRequest): Observable<FetchResponse<T>> => from(send<T>(options)),
  datasourceRequest: (options: BackendSrvRequest) => send(options),
  request: (options: BackendSrvRequest) => send(options).then((r) => r.data),
  get: (url: string, params?: BackendSrvRequest['params']) => send({ url, params }).then((r) => r.data),
  post: (url: string, data?: unknown) => send({ url, method: 'POST', data }).then((r) => r.data),
} as unknown as BackendSrv;
