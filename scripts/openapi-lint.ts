import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { api } from '../functions/api.ts';
import { ROOT } from './wrangler.ts';

/**
 * `npm run lint:api`: asks the Worker's API app (functions/api.ts, in Node, no bindings needed) for its generated
 * /api/v1/openapi.json and lints it with Redocly CLI's recommended rules, plus: every example
 * must match its schema, every operation has an operationId and a 4xx answer. Fails on any error.
 *
 * Redocly runs offline: telemetry is off (REDOCLY_TELEMETRY, see redocly.com/docs/cli/usage-data)
 * and so is its "new version" check against the npm registry (REDOCLY_SUPPRESS_UPDATE_NOTICE).
 */

// The document names the origin it was asked from; a reserved name (RFC 2606) stands for the commune's.
const res = await api.request('https://cong-khai.xa.invalid/api/v1/openapi.json');
if (!res.ok) throw new Error(`/api/v1/openapi.json answered ${res.status}: ${await res.text()}`);
const doc = (await res.json()) as { paths: Record<string, Record<string, unknown>> };

const dir = mkdtempSync(join(tmpdir(), 'openapi-lint-'));
try {
  const file = join(dir, 'openapi.json');
  writeFileSync(file, JSON.stringify(doc, null, 2));
  const config = join(dir, 'redocly.yaml');
  writeFileSync(
    config,
    [
      'telemetry: off',
      'extends:',
      '  - recommended',
      'rules:',
      '  no-invalid-media-type-examples: error',
      '  operation-operationId: error',
      '  operation-4xx-response: error',
      '  operation-summary: error',
      '  tags-alphabetical: off',
      // The API has no licence to state: it is a public body's service, not a published product.
      '  info-license: off',
      '',
    ].join('\n'),
  );
  // The health check has no client error to answer: the one operation exempt from "a 4xx for every operation".
  writeFileSync(join(dir, '.redocly.lint-ignore.yaml'), ['openapi.json:', '  operation-4xx-response:', "    - '#/paths/~1api~1v1~1health/get/responses'", ''].join('\n'));
  const operations = Object.values(doc.paths).reduce((n, item) => n + Object.keys(item).length, 0);
  console.log(`openapi-lint: ${operations} operations in the generated document`);
  // Under this script's Node (24), not whatever `node` the CLI's shebang would find first.
  const lint = spawnSync(process.execPath, [resolve(ROOT, 'node_modules/@redocly/cli/bin/cli.js'), 'lint', file, '--config', config, '--format', 'stylish'], {
    stdio: 'inherit',
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
  });
  process.exitCode = lint.status ?? 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
