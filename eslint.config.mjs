import { defineConfig } from 'eslint/config';
import baseConfig from './.config/eslint.config.mjs';

export default defineConfig([
  {
    ignores: [
      '**/node_modules/',
      '**/coverage',
      '**/dist/',
      '**/.eslintcache',
      'browser/.tmp/',
      'pkg/',
      'provisioning/',
    ],
  },
  ...baseConfig,
  {
    files: ['src/**/*.{ts,tsx}'],
    rules: {
      // Grafana 11.0 is supported: Select and MultiSelect are the pickers it
      // has (Combobox came later).
      '@typescript-eslint/no-deprecated': [
        'warn',
        {
          allow: [{ from: 'package', package: '@grafana/ui', name: ['Select', 'MultiSelect'] }],
        },
      ],
    },
  },
]);
