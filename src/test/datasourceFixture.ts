import { DataSourceInstanceSettings, DataSourceSettings, PluginType } from '@grafana/data';

import { CloudLogsOptions, CloudLogsSecureJsonData } from '../types';

export function instanceSettings(jsonData: CloudLogsOptions): DataSourceInstanceSettings<CloudLogsOptions> {
  return {
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- required by the type until Grafana 13
    id: 1,
    uid: 'cloudlogs-uid',
    name: 'Cloud Logs',
    type: 'logbridge-cloudlogs-datasource',
    access: 'proxy',
    readOnly: false,
    jsonData,
    meta: {
      id: 'logbridge-cloudlogs-datasource',
      name: 'Cloud Logs',
      type: PluginType.datasource,
      info: {
        author: { name: 'LogBridge' },
        description: '',
        links: [],
        logos: { small: '', large: '' },
        screenshots: [],
        updated: '',
        version: '',
      },
      module: '',
      baseUrl: '',
    },
  };
}

/** The settings object the config editor edits, with the given secrets marked as stored. */
export function dataSourceSettings(
  jsonData: CloudLogsOptions,
  secureJsonFields: Record<string, boolean> = {}
): DataSourceSettings<CloudLogsOptions, CloudLogsSecureJsonData> {
  return {
    id: 1,
    uid: 'cloudlogs-uid',
    orgId: 1,
    name: 'Cloud Logs',
    type: 'logbridge-cloudlogs-datasource',
    typeName: 'Cloud Logs',
    typeLogoUrl: '',
    access: 'proxy',
    url: '',
    user: '',
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- still a required settings field in Grafana 11 and 12
    database: '',
    basicAuth: false,
    basicAuthUser: '',
    isDefault: false,
    withCredentials: false,
    readOnly: false,
    jsonData,
    secureJsonFields,
  };
}
