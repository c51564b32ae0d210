import { DataSourceInstanceSettings, PluginType } from '@grafana/data';

import { CloudLogsOptions } from '../types';

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
