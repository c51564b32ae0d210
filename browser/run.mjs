// `npm run test:browser`: builds the harness from the real editors, serves it
// with a stand-in for the backend's resources on 127.0.0.1, drives it in
// headless Chromium, checks what a user would see and saves the screenshots
// under docs/img. Exits non-zero on the first failed check.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

import { startServer } from './server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '..');
const imgDir = path.join(root, 'docs', 'img');
const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

let passed = 0;
const failures = [];
async function check(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`ok   ${name}`);
  } catch (err) {
    failures.push(name);
    console.log(
      `FAIL ${name}\n     ${String(err?.message ?? err)
        .split('\n')
        .slice(0, 6)
        .join('\n     ')}`
    );
  }
}

function expect(cond, message) {
  if (!cond) {
    throw new Error(message);
  }
}

async function state(page) {
  return JSON.parse(await page.getByTestId('state').textContent());
}

/*
 * Screenshots are committed, so they must come out the same on every run: no
 * focus ring, no caret, no running animation, the pointer out of the way.
 */
async function screenshot(page, file) {
  await page.evaluate(() => document.activeElement instanceof HTMLElement && document.activeElement.blur());
  await page.mouse.move(0, 0);
  await page.evaluate(() => document.fonts.ready);
  // Like Playwright's own screenshot assertions: shoot until two frames agree.
  const shoot = () => page.locator('main').screenshot({ animations: 'disabled', caret: 'hide' });
  let previous = await shoot();
  for (let i = 0; i < 10; i++) {
    await page.waitForTimeout(250);
    const next = await shoot();
    if (next.equals(previous)) {
      break;
    }
    previous = next;
  }
  const target = path.join(imgDir, file);
  if (existsSync(target) && (await differingPixels(page, readFileSync(target), previous)) <= SAME_PICTURE_PIXELS) {
    // Antialiasing of a rounded corner may vary by a pixel between runs: keep the committed file.
    return;
  }
  writeFileSync(target, previous);
}

const SAME_PICTURE_PIXELS = 50;

/** How many pixels two PNGs differ in (any size difference counts as all), compared in the page's canvas. */
async function differingPixels(page, a, b) {
  return page.evaluate(
    async ([left, right]) => {
      const decode = async (b64) => createImageBitmap(await (await fetch(`data:image/png;base64,${b64}`)).blob());
      const [x, y] = await Promise.all([decode(left), decode(right)]);
      if (x.width !== y.width || x.height !== y.height) {
        return Number.MAX_SAFE_INTEGER;
      }
      const pixels = (img) => {
        const canvas = new OffscreenCanvas(img.width, img.height);
        const ctx = canvas.getContext('2d');
        ctx.drawImage(img, 0, 0);
        return ctx.getImageData(0, 0, img.width, img.height).data;
      };
      const [p, q] = [pixels(x), pixels(y)];
      let differing = 0;
      for (let i = 0; i < p.length; i += 4) {
        if (p[i] !== q[i] || p[i + 1] !== q[i + 1] || p[i + 2] !== q[i + 2]) {
          differing++;
        }
      }
      return differing;
    },
    [a.toString('base64'), b.toString('base64')]
  );
}

async function open(page, base, name) {
  await page.goto(`${base}/?page=${name}`);
  await page.locator(`main[data-page="${name}"]`).waitFor();
}

/** Types into a searching picker, waits for the backend's answer to that text and clicks the option. */
async function search(page, inputId, text, urlPart, option) {
  await page.locator(`#${inputId}`).click();
  const answered = page.waitForResponse((r) => r.url().includes(urlPart));
  await page.keyboard.type(text);
  await answered;
  const menu = page.getByLabel('Select options menu');
  await menu.getByText(option, { exact: true }).first().click({ timeout: 10_000 });
  await page.keyboard.press('Escape');
  await page.mouse.move(0, 0);
}

/** The JSON a radio group of the page decided, by its label text. */
async function radioChecked(page, name) {
  return page.getByRole('radio', { name, exact: true }).isChecked();
}

const NGINX_TOPIC = '7e6d5c4b-3a29-4180-b7c6-d5e4f3a2b1c0';
const SCF_TOPIC = '9a8b7c6d-1e2f-4a3b-8c4d-5e6f7a8b9c0d';

/** Opens a picker, waits for the looked-up option and clicks it. */
async function pick(page, inputId, option) {
  await page.locator(`#${inputId}`).click();
  const menu = page.getByLabel('Select options menu');
  await menu.getByText(option, { exact: true }).first().click({ timeout: 10_000 });
  // The menu lay over the fields below: leave none of them hovered.
  await page.mouse.move(0, 0);
}

if (!existsSync(chromiumPath)) {
  console.error(`No Chromium at ${chromiumPath}: install it (apt-get install -y chromium) or set CHROMIUM_PATH.`);
  process.exit(1);
}

const build = spawnSync(
  process.execPath,
  [path.join(root, 'node_modules', 'webpack', 'bin', 'webpack.js'), '-c', path.join(here, 'webpack.config.cjs')],
  {
    cwd: root,
    stdio: 'inherit',
  }
);
if (build.status !== 0) {
  console.error('building the harness failed');
  process.exit(1);
}

mkdirSync(imgDir, { recursive: true });
const server = await startServer(path.join(here, 'dist'));
const base = `http://127.0.0.1:${server.address().port}`;
const profile = mkdtempSync(path.join(os.tmpdir(), 'cloudlogs-chromium-'));
// A fresh profile in a temp folder, removed at the end.
const context = await chromium.launchPersistentContext(profile, {
  executablePath: chromiumPath,
  viewport: { width: 1200, height: 900 },
  deviceScaleFactor: 1,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});

try {
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(15_000);
  const pageErrors = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));

  await check('SLS config editor shows its fields and hides the stored secret', async () => {
    await open(page, base, 'config-sls');
    expect((await page.locator('#config-project').inputValue()) === 'demo', 'project is not shown');
    const secret = page.locator('#config-accessKeySecret');
    expect((await secret.inputValue()) === 'configured', 'the stored secret should read "configured"');
    await page.getByText('Requests go to https://cn-hangzhou.log.aliyuncs.com').waitFor();
    await screenshot(page, 'config-editor-sls.png');
  });

  await check('SCF config editor shows API version, log source, region, endpoints and time zone', async () => {
    await open(page, base, 'config-scf');
    await page.getByText('Asia/Shanghai', { exact: true }).waitFor();
    await page.getByText('ap-guangzhou', { exact: true }).waitFor();
    expect(await radioChecked(page, 'API 3.0'), 'API 3.0 should be the default');
    expect(await radioChecked(page, 'Auto'), 'the log source should default to auto on API 3.0');
    await page.getByText('Requests go to https://cls.tencentcloudapi.com.').waitFor();
    await screenshot(page, 'config-editor-scf.png');
  });

  await check('SCF config editor forces GetFunctionLogs on the legacy v2 API', async () => {
    await page.getByRole('radio', { name: 'CLS', exact: true }).click({ force: true });
    expect((await state(page)).jsonData.logSource === 'cls', 'the CLS log source should be stored');
    await page.getByRole('radio', { name: 'Legacy v2' }).click({ force: true });
    const { jsonData } = await state(page);
    expect(jsonData.apiVersion === 'v2' && jsonData.logSource === undefined, `got ${JSON.stringify(jsonData)}`);
    expect(await radioChecked(page, 'GetFunctionLogs'), 'v2 should show GetFunctionLogs');
    expect(await page.getByRole('radio', { name: 'Auto' }).isDisabled(), 'the log source should be fixed on v2');
    expect((await page.locator('#config-clsEndpoint').count()) === 0, 'no CLS endpoint without CLS');
  });

  await check('CLS config editor shows region, root domain, keys and the per-topic limit', async () => {
    await open(page, base, 'config-cls');
    expect(await radioChecked(page, 'Tencent CLS'), 'the CLS service should be chosen');
    await page.getByText('ap-guangzhou', { exact: true }).waitFor();
    expect((await page.locator('#config-secretKey').inputValue()) === 'configured', 'the secret should be hidden');
    await page.getByText('Requests go to https://cls.tencentcloudapi.com.').waitFor();
    await page.getByRole('button', { name: 'Expand section Limits' }).click();
    expect(
      (await page.locator('#config-topicConcurrency').getAttribute('placeholder')) === '5',
      'searches per topic should show the default 5'
    );
    await screenshot(page, 'cls-config-editor.png');
  });

  await check('CLS config editor follows the root domain', async () => {
    await pick(page, 'config-rootDomain', 'intl.tencentcloudapi.com');
    expect((await state(page)).jsonData.rootDomain === 'intl.tencentcloudapi.com', 'root domain not stored');
    await page.getByText('Requests go to https://cls.intl.tencentcloudapi.com.').waitFor();
  });

  await check(
    'derived fields: the settings show each row, its link target, and add one linking to Jaeger',
    async () => {
      await open(page, base, 'derived-fields');
      expect(
        (await page.locator('#derivedField-0-matcher').inputValue()) === 'traceID=(\\w+)',
        'the regex is not shown'
      );
      await page.getByTestId('derived-field-0').getByText('Tempo', { exact: true }).waitFor();
      await page.getByTestId('derived-field-1').getByText('Cloud Logs', { exact: true }).waitFor();
      expect(await page.getByRole('radio', { name: 'Label' }).nth(1).isChecked(), 'the second row takes a label');
      await screenshot(page, 'derived-fields.png');

      await page.getByRole('button', { name: 'Add derived field' }).click();
      await page.locator('#derivedField-2-name').fill('span');
      await page.locator('#derivedField-2-matcher').fill('spanId=\\w+');
      await page.getByText('The regex needs a capture group').waitFor();
      await page.locator('#derivedField-2-matcher').fill('spanId=(\\w+)');
      await page.locator('#derivedField-2-internal').click({ force: true });
      await page.getByText('Pick the data source to link to.').waitFor();
      await pick(page, 'derivedField-2-datasource', 'Jaeger');
      await page.locator('#derivedField-2-url').fill('${__value.raw}');
      const fields = (await state(page)).jsonData.derivedFields;
      expect(
        JSON.stringify(fields[2]) ===
          JSON.stringify({
            name: 'span',
            matcherType: 'regex',
            matcherRegex: 'spanId=(\\w+)',
            datasourceUid: 'jaeger-uid',
            url: '${__value.raw}',
          }),
        `got ${JSON.stringify(fields[2])}`
      );
      expect((await page.getByRole('alert').count()) === 0, 'no problem left');
    }
  );

  await check('derived fields: an SCF data source shows its default request id link', async () => {
    await open(page, base, 'config-scf');
    await page.getByRole('button', { name: 'Expand section Derived fields' }).click();
    await page.getByText('Default links').waitFor();
    expect((await page.locator('#derivedField-0-name').inputValue()) === 'requestId', 'the default SCF field');
    expect((await page.locator('#derivedField-0-url').inputValue()) === '${__value.raw}', 'its query');
    expect((await state(page)).jsonData.derivedFields === undefined, 'defaults are not stored');
  });

  await check('CLS query editor searches topics, picks two and loads the fields of the first', async () => {
    await open(page, base, 'query-cls');
    await page.getByText('Choose a topic.').waitFor();
    const fields = page.waitForResponse((r) => r.url().includes(`/resources/fields?topicId=${NGINX_TOPIC}`));
    await search(page, 'cls-topics', 'ngi', '/resources/topics?search=ngi', 'nginx-access');
    await fields;
    expect((await state(page)).query.topicId === NGINX_TOPIC, 'nginx-access not picked by id');
    await search(page, 'cls-topics', 'SCF', '/resources/topics?search=SCF', 'SCF_logtopic_Xq3vB9Zc');
    const { query, runs } = await state(page);
    expect(
      JSON.stringify(query.topicIds) === JSON.stringify([NGINX_TOPIC, SCF_TOPIC]) && query.topicId === undefined,
      `topics are ${JSON.stringify(query)}`
    );
    expect(runs >= 2, 'each pick should run the query');
    expect((await page.getByText('Choose a topic.').count()) === 0, 'the validation message should go');
    await page.locator('.monaco-editor[role="code"]').waitFor({ timeout: 20_000 });
    await page.locator('.monaco-editor .view-lines').getByText('status', { exact: false }).waitFor();
    expect(await radioChecked(page, 'CQL'), 'CQL should be the default syntax');
    await screenshot(page, 'cls-query-editor.png');
  });

  await check('CLS query editor completes the topic fields in the search and the SQL part', async () => {
    await page.locator('.monaco-editor .view-lines').click();
    await page.keyboard.press('End');
    await page.keyboard.type(' AND req');
    await page.keyboard.press('Control+Space');
    const suggest = page.locator('.suggest-widget');
    await suggest.getByText('request_time').first().waitFor({ timeout: 10_000 });
    await page.keyboard.press('Escape');
    await page.keyboard.type("uest_uri:'/a|b' | SELECT ");
    await page.keyboard.press('Control+Space');
    await suggest.getByText('remote_addr').first().waitFor({ timeout: 10_000 });
    await page.keyboard.press('Escape');
    await page.keyboard.type('count(*) AS c');
    await page.keyboard.press('Shift+Enter');
    const { query } = await state(page);
    expect(
      query.query === "status:>=500 AND method:GET AND request_uri:'/a|b' | SELECT count(*) AS c",
      `Shift+Enter should commit the text, got ${query.query}`
    );
    // The quoted pipe stays in the search, so the query is SQL by the CQL split and says so.
    await page.getByText('choose the SQL query type', { exact: false }).waitFor();
  });

  await check('CLS variable editor lists field values of a searched topic', async () => {
    await open(page, base, 'variable-cls');
    expect(await radioChecked(page, 'Topics'), 'topics should be the default list');
    await page.getByRole('radio', { name: 'Field values' }).click({ force: true });
    await search(page, 'cls-topic', 'nginx', '/resources/topics?search=nginx', 'nginx-access');
    await pick(page, 'cls-field', 'method');
    const q = await state(page);
    expect(q.kind === 'fieldValues' && q.topicId === NGINX_TOPIC && q.field === 'method', `got ${JSON.stringify(q)}`);
  });

  await check('SCF query editor picks a namespace, then a function of it from the look-up', async () => {
    await open(page, base, 'query-scf');
    // Picking a namespace reloads the function list for it.
    const reloaded = page.waitForResponse((r) => r.url().includes('/resources/functions?namespace=staging'));
    await pick(page, 'scf-namespace', 'staging');
    await reloaded;
    expect((await state(page)).query.namespace === 'staging', 'namespace not picked');
    await pick(page, 'scf-function', 'order-api');
    const { query, runs } = await state(page);
    expect(query.functionName === 'order-api', `functionName is ${query.functionName}`);
    expect(runs >= 2, 'each pick should run the query');
    await page.locator('main').getByText('order-api', { exact: true }).waitFor();
    await screenshot(page, 'query-editor-scf.png');
  });

  await check('SLS query editor picks a logstore and loads its fields', async () => {
    await open(page, base, 'query-sls');
    await page.getByText('Choose a logstore.').waitFor();
    await pick(page, 'sls-logstore', 'nginx-access');
    const { query } = await state(page);
    expect(query.logstore === 'nginx-access', `logstore is ${query.logstore}`);
    await page.locator('main').getByText('nginx-access', { exact: true }).waitFor();
    expect((await page.getByText('Choose a logstore.').count()) === 0, 'the validation message should go');
    // Monaco rendered the query with the SLS tokenizer.
    await page.locator('.monaco-editor[role="code"]').waitFor({ timeout: 20_000 });
    await page.locator('.monaco-editor .view-lines').getByText('request_method', { exact: false }).waitFor();
    await screenshot(page, 'query-editor-sls.png');
  });

  await check('SLS query editor completes field names and macros', async () => {
    await page.locator('.monaco-editor .view-lines').click();
    await page.keyboard.press('End');
    await page.keyboard.type(' | SELECT ');
    await page.keyboard.press('Control+Space');
    const suggest = page.locator('.suggest-widget');
    await suggest.getByText('remote_addr').first().waitFor({ timeout: 10_000 });
    await page.keyboard.type('$__ti');
    await suggest.getByText('$__timeFilter').first().waitFor({ timeout: 10_000 });
    await page.keyboard.press('Escape');
    await page.keyboard.press('Shift+Enter');
    const { query, runs } = await state(page);
    expect(query.query.includes('| SELECT'), `Shift+Enter should commit the text, got ${query.query}`);
    expect(runs >= 2, 'Shift+Enter should run the query');
  });

  await check('variable editor lists functions of a picked namespace', async () => {
    await open(page, base, 'variable-scf');
    await pick(page, 'scf-namespace', 'staging');
    expect((await state(page)).namespace === 'staging', 'namespace not stored in the variable query');
  });

  await check('variable editor picks a logstore for field values', async () => {
    await open(page, base, 'variable-sls');
    await page.getByRole('radio', { name: 'Field values' }).click({ force: true });
    await pick(page, 'sls-logstore', 'audit-log');
    const q = await state(page);
    expect(q.kind === 'fieldValues' && q.logstore === 'audit-log', `got ${JSON.stringify(q)}`);
  });

  await check('ad-hoc filter keys and values come from the real DataSource for every service', async () => {
    await open(page, base, 'adhoc-keys');
    await page.getByTestId('adhoc-Tencent SCF').waitFor();
    const samples = await state(page);
    const by = Object.fromEntries(samples.map((s) => [s.service, s]));
    const sls = by['Alibaba SLS'];
    expect(
      sls.keys.includes('request_method') && sls.keys.includes('level') && sls.keys.length === new Set(sls.keys).size,
      `SLS keys should join both logstores' fields once each, got ${sls.keys}`
    );
    expect(sls.values.join() === '200,404,500', `SLS status values are ${sls.values}`);
    expect(by['Tencent CLS'].keys.includes('method'), `CLS keys are ${by['Tencent CLS'].keys}`);
    expect(by['Tencent CLS'].values.length > 0, 'CLS method values should be listed');
    expect(
      by['Tencent SCF'].keys.join() === 'functionName,namespace,qualifier,requestId,retCode',
      `SCF keys are ${by['Tencent SCF'].keys}`
    );
    expect(by['Tencent SCF'].values.includes('order-api'), `SCF function values are ${by['Tencent SCF'].values}`);
    await screenshot(page, 'adhoc-filter-keys.png');
  });

  await check('no uncaught errors in the page', async () => {
    expect(pageErrors.length === 0, pageErrors.join('\n'));
  });
} finally {
  await context.close();
  server.close();
  rmSync(profile, { recursive: true, force: true });
}

console.log(`${passed} passed, ${failures.length} failed`);
process.exit(failures.length ? 1 : 0);
