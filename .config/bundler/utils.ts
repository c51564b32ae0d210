import fs from 'fs';
import process from 'process';
import os from 'os';
import path from 'path';
import { glob } from 'glob';
import { SOURCE_DIR } from './constants.ts';

export function isWSL() {
  if (process.platform !== 'linux') {
    return false;
  }

  if (os.release().toLowerCase().includes('microsoft')) {
    return true;
  }

  try {
    return fs.readFileSync('/proc/version', 'utf8').toLowerCase().includes('microsoft');
  } catch {
    return false;
  }
}

function loadJson(path: string) {
  const rawJson = fs.readFileSync(path, 'utf8');
  return JSON.parse(rawJson);
}

export function getPackageJson() {
  return loadJson(path.resolve(process.cwd(), 'package.json'));
}

// Cloud Logs keeps plugin.json at the repository root (the Go build and the
// docs read it there), not in src/ as the scaffold does.
export const PLUGIN_JSON_PATH = 'plugin.json';

export function getPluginJson() {
  return loadJson(path.resolve(process.cwd(), PLUGIN_JSON_PATH));
}

export function getCPConfigVersion() {
  const cprcJson = path.resolve(process.cwd(), './.config', '.cprc.json');
  return fs.existsSync(cprcJson) ? loadJson(cprcJson).version : { version: 'unknown' };
}

export function hasReadme() {
  return fs.existsSync(path.resolve(process.cwd(), SOURCE_DIR, 'README.md'));
}

// One plugin, one entry: src/module.ts (the scaffold globbed for nested
// src/**/plugin.json files, which this layout does not have).
export async function getEntries(): Promise<Record<string, string>> {
  const modules = await glob(`${SOURCE_DIR}/module.{ts,tsx,js,jsx}`, { absolute: true });
  if (modules.length !== 1) {
    throw new Error(`expected exactly one ${SOURCE_DIR}/module.ts, found ${modules.length}`);
  }
  return { module: modules[0] };
}
