import { parseArgs } from 'node:util';
import { createDocumentClient } from '../lambda/shared/dynamodb/document-client';
import { backfillIndexKeys } from './backfill-index-keys';

const usage = 'usage: npm run backfill-indexes -- --table <TableName> [--tenant <tenantId>] [--endpoint http://127.0.0.1:8000]';

const main = async () => {
  const { values } = parseArgs({ options: { table: { type: 'string' }, tenant: { type: 'string' }, endpoint: { type: 'string' } } });
  const tableName = values.table ?? process.env.TABLE_NAME;
  if (!tableName) throw new Error(`--table is required (the stack's TableName output)\n${usage}`);
  const client = createDocumentClient({ ...process.env, ...(values.endpoint ? { DYNAMODB_ENDPOINT: values.endpoint } : {}) });
  const started = Date.now();
  const result = await backfillIndexKeys(client, tableName, {
    ...(values.tenant ? { tenantId: values.tenant } : {}),
    onProgress: ({ scanned, updated }) => process.stderr.write(`scanned ${scanned} items, updated ${updated} entries\n`),
  });
  client.destroy();
  process.stdout.write(
    `done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${result.updated} entries given index keys, ` +
      `${result.gone} removed or replaced meanwhile, ${result.scanned} items scanned\n`,
  );
};

main().catch((error: unknown) => {
  process.stderr.write(`backfill failed: ${(error as Error).message}\n`);
  process.exit(1);
});
