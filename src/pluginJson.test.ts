import fs from 'fs';
import path from 'path';

/*
 * The plugin validator cannot run here, so the identity Grafana and the Go
 * build rely on is checked directly in the root plugin.json.
 */
const pluginJson = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'plugin.json'), 'utf8'));

describe('plugin.json', () => {
  it('keeps the plugin identity', () => {
    expect(pluginJson).toMatchObject({
      type: 'datasource',
      id: 'logbridge-cloudlogs-datasource',
      executable: 'gpx_cloudlogs',
      backend: true,
      alerting: true,
      logs: true,
      metrics: true,
      annotations: true,
      dependencies: { grafanaDependency: '>=11.0.0' },
    });
  });

  it('points at a logo that exists', () => {
    for (const logo of [pluginJson.info.logos.small, pluginJson.info.logos.large]) {
      expect(fs.existsSync(path.join(__dirname, logo))).toBe(true);
    }
  });
});
