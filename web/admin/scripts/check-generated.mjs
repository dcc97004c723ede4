// Fails when src/api/schema.d.ts is not what openapi-typescript makes of openapi/learning.json today
// (scripts/gen-admin-client.sh regenerates both). Run by `npm run build` and by scripts/test.sh.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'lp-admin-types-'));
try {
  const fresh = join(dir, 'schema.d.ts');
  execFileSync(process.execPath, ['node_modules/openapi-typescript/bin/cli.js', 'openapi/learning.json', '-o', fresh], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (readFileSync(fresh, 'utf8') !== readFileSync('src/api/schema.d.ts', 'utf8')) {
    console.error('src/api/schema.d.ts is stale: openapi/learning.json changed. Run scripts/gen-admin-client.sh and commit both.');
    process.exit(1);
  }
  console.log('src/api/schema.d.ts matches openapi/learning.json');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
