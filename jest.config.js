// force timezone to UTC to allow tests to work regardless of local timezone
// generally used by snapshots, but can affect specific tests
process.env.TZ = 'UTC';

const base = require('./.config/jest.config');
const swcTransform = base.transform['^.+\\.(t|j)sx?$'];

module.exports = {
  // Jest configuration provided by Grafana scaffolding
  ...base,
  // d3-color 3.1.1 (pulled in by @grafana/data) ships .mjs files only.
  transform: { ...base.transform, '^.+\\.mjs$': swcTransform },
  testPathIgnorePatterns: ['<rootDir>/node_modules/', '<rootDir>/browser/'],
};
