import type { measureAuthorizerWarm } from './authorizer';
import type { measureBulkPath } from './bulk-path';
import type { measureConsumerThroughput } from './consumer-throughput';
import type { measureDeletePath } from './delete-path';
import type { measureImportThroughput } from './import-throughput';
import type { measureColdStart } from './cold-start';
import type { measureDuplicateStorm } from './duplicate-storm';
import type { measureReadPaths } from './read-paths';
import type { measureThroughput } from './throughput';
import type { measureWritePath } from './write-path';

/** Everything one run measures, as written to results.json. */
export interface Measures {
  writePath: Awaited<ReturnType<typeof measureWritePath>>;
  readPaths: Awaited<ReturnType<typeof measureReadPaths>>;
  coldStart: Awaited<ReturnType<typeof measureColdStart>>;
  authorizer: Awaited<ReturnType<typeof measureAuthorizerWarm>>;
  throughput: Awaited<ReturnType<typeof measureThroughput>>;
  duplicateStorm: Awaited<ReturnType<typeof measureDuplicateStorm>>;
  bulkPath: Awaited<ReturnType<typeof measureBulkPath>>;
  deletePath: Awaited<ReturnType<typeof measureDeletePath>>;
  consumerThroughput: Awaited<ReturnType<typeof measureConsumerThroughput>>;
  importThroughput: Awaited<ReturnType<typeof measureImportThroughput>>;
}

export type Comparison = '<=' | '>=' | '==';

/** One performance target: met when `ratio comparison target` holds (`ratio` is a count for the storm's). */
export interface Target {
  name: string;
  ratio: number;
  comparison: Comparison;
  target: number;
  met: boolean;
}

const holds: Record<Comparison, (value: number, target: number) => boolean> = {
  '<=': (value, target) => value <= target,
  '>=': (value, target) => value >= target,
  '==': (value, target) => value === target,
};

const target = (name: string, ratio: number, comparison: Comparison, limit: number): Target => ({
  name,
  ratio,
  comparison,
  target: limit,
  // A measure that did not come out as a number (NaN, missing) misses its target.
  met: typeof ratio === 'number' && Number.isFinite(ratio) && holds[comparison](ratio, limit),
});

const coldStartRatio = (measures: Measures, functionName: string): number =>
  measures.coldStart.functions[functionName]?.toRawMedianRatio ?? Number.NaN;

const throughputRatio = (measures: Measures, concurrency: number): number =>
  measures.throughput[`concurrency${concurrency}`]?.handlerToRawThroughputRatio ?? Number.NaN;

/** Every target the project has set itself, keyed for the table; results.json lists the values. */
export const targetsOf = (measures: Measures) => {
  const { writePath, readPaths, duplicateStorm, bulkPath, deletePath, consumerThroughput } = measures;
  return {
    writeP50: target('write p50 handler / raw PutItem', writePath.handlerToRawP50Ratio, '<=', 1.15),
    checkP50: target('check p50 handler / raw BatchGetItem (2 keys)', readPaths.check.handlerToRawP50Ratio, '<=', 1.15),
    checkManyP50: target(
      `batch check x${readPaths.checkedNumbers} p50 handler / raw BatchGetItem (${readPaths.checkedNumbers / 100} x 100 keys)`,
      readPaths.checkMany.handlerToRawP50Ratio,
      '<=',
      1.2,
    ),
    listFirstPageP50: target('list page 1 p50 handler / raw Query (4 shards)', readPaths.listFirstPage.handlerToRawP50Ratio, '<=', 1.2),
    listDeepPageP50: target(
      `list page ${readPaths.deepPage} by cursor p50 handler / raw Query (4 shards)`,
      readPaths.listDeepPage.handlerToRawP50Ratio,
      '<=',
      1.2,
    ),
    getP50: target('get p50 handler / raw Query byId', readPaths.get.handlerToRawP50Ratio, '<=', 1.15),
    bulkP50: target(
      `bulk x${bulkPath.numbers} p50 handler / raw PutItem x${bulkPath.numbers} (${bulkPath.concurrency} in flight)`,
      bulkPath.handlerToRawP50Ratio,
      '<=',
      1.2,
    ),
    deleteP50: target('delete p50 vs raw Query+TransactWrite (same work)', deletePath.handlerToRawP50Ratio, '<=', 1.2),
    // The literal baseline. The route also looks the entry up by id and writes a removal
    // receipt in the same transaction, which one DeleteItem does not: expect it to miss.
    deleteVsDeleteItemP50: target('delete p50 vs raw conditional DeleteItem', deletePath.handlerToDeleteItemP50Ratio, '<=', 1.2),
    // Per record the consumer makes three calls one after the other (the history item's PutItem,
    // PutEvents, the UpdateItem marking it published) where the raw side makes that PutItem alone,
    // all 100 records at once on both sides. Bound by round trips (AWS), three calls in a row take
    // about three times one: a third of the raw rate. Bound by the server (DynamoDB Local on a busy
    // machine), two writes and an event take about twice one write: half. 0.33, a third, asks that
    // the consumer cost no more than its three calls, whichever bound holds.
    consumerThroughput: target(
      'consumer throughput vs raw PutItem of the same history items',
      consumerThroughput.consumerToRawThroughputRatio,
      '>=',
      0.33,
    ),
    coldStartCreate: target('cold start create / raw PutItem', coldStartRatio(measures, 'createDncNumber'), '<=', 1.25),
    coldStartCheck: target('cold start check / raw BatchGetItem', coldStartRatio(measures, 'checkDncNumber'), '<=', 1.25),
    coldStartCheckMany: target('cold start batch check / raw BatchGetItem', coldStartRatio(measures, 'checkDncNumbers'), '<=', 1.25),
    coldStartList: target('cold start list / raw Query', coldStartRatio(measures, 'listDncNumbers'), '<=', 1.25),
    coldStartGet: target('cold start get / raw Query', coldStartRatio(measures, 'getDncNumber'), '<=', 1.25),
    // Fresh process, import, one token verified, on both sides (the authorizer in claim mode); each
    // fetches the local issuer's JWKS once over HTTP within it. The warm cost per token is a
    // figure, not a target: API Gateway caches the authorizer's answer per token.
    coldStartAuthorizer: target(
      'cold start authorizer / raw node:crypto verify (one JWKS fetch each)',
      coldStartRatio(measures, 'authorizer'),
      '<=',
      1.25,
    ),
    throughputC1: target('throughput c=1 handler / raw', throughputRatio(measures, 1), '>=', 0.85),
    throughputC10: target('throughput c=10 handler / raw', throughputRatio(measures, 10), '>=', 0.85),
    throughputC50: target('throughput c=50 handler / raw', throughputRatio(measures, 50), '>=', 0.85),
    stormCreated: target(`duplicate storm x${duplicateStorm.requests}: 201 answers (count)`, duplicateStorm.created, '==', 1),
    stormOther: target(`duplicate storm x${duplicateStorm.requests}: answers other than 201/409 (count)`, duplicateStorm.other, '==', 0),
  } satisfies Record<string, Target>;
};

export type Targets = ReturnType<typeof targetsOf>;
