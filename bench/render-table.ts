import type { Measures, Target, Targets } from './targets';

const sign = { '<=': '≤', '>=': '≥', '==': '=' } as const;
const verdict = (met: boolean) => (met ? 'met' : 'MISSED');
const cell = (target: Target) => `${sign[target.comparison]} ${target.target} ${verdict(target.met)}`;

interface Latencies {
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
}
const latencies = (summary: Latencies) => `${summary.p50Ms} / ${summary.p95Ms} / ${summary.p99Ms}`;

interface Pair {
  raw: Latencies;
  handler: Latencies;
  handlerToRawP50Ratio: number;
}

/** Two rows per read route: the raw calls, then the handler with its p50 ratio and target. */
const readRows = (label: string, raw: string, pair: Pair, target: Target): string[][] => [
  [`${label} p50/p95/p99 raw ${raw} (ms)`, latencies(pair.raw), '', ''],
  [`${label} p50/p95/p99 handler in-process (ms)`, latencies(pair.handler), `${pair.handlerToRawP50Ratio}`, cell(target)],
];

/** The run as a Markdown table, the form README's Performance section shows. */
export const renderTable = (measures: Measures, targets: Targets): string => {
  const {
    writePath: w,
    readPaths: r,
    coldStart: c,
    authorizer: a,
    throughput: t,
    duplicateStorm: d,
    bulkPath: b,
    deletePath: del,
    consumerThroughput: con,
    importThroughput: i,
  } = measures;
  const coldRow = (label: string, name: string, raw: string, target: Target) => {
    const fn = c.functions[name]!;
    return [
      `cold start median, ${label} vs raw ${raw} (ms)`,
      `${fn.medianMs} vs ${fn.rawMedianMs}`,
      `${fn.toRawMedianRatio}`,
      cell(target),
    ];
  };
  const kb = c.bundleSizesKb;
  const rows = [
    ['measure', 'figure', 'ratio', 'target'],
    ['write p50/p95/p99 raw PutItem (ms)', latencies(w.raw), '', ''],
    ['write p50/p95/p99 handler in-process (ms)', latencies(w.handler), `b/a ${w.handlerToRawP50Ratio}`, cell(targets.writeP50)],
    ['write p50/p95/p99 local HTTP path (ms)', latencies(w.http), `c/a ${w.httpToRawP50Ratio}`, ''],
    ...readRows('check', 'BatchGetItem 2 keys', r.check, targets.checkP50),
    ...readRows(`batch check x${r.checkedNumbers}`, `${r.checkedNumbers / 100} BatchGetItem`, r.checkMany, targets.checkManyP50),
    ...readRows(`list page 1 of ${r.pageSize}`, '4 Query', r.listFirstPage, targets.listFirstPageP50),
    ...readRows(`list page ${r.deepPage} by cursor`, '4 Query', r.listDeepPage, targets.listDeepPageP50),
    ...readRows('get by id', 'Query byId', r.get, targets.getP50),
    ...readRows(`bulk x${b.numbers}`, `${b.numbers} PutItem, ${b.concurrency} in flight`, b, targets.bulkP50),
    ['delete p50/p95/p99 raw conditional DeleteItem (ms)', latencies(del.rawDeleteItem), '', ''],
    ...readRows('delete', 'Query byId + TransactWriteItems', { ...del, raw: del.rawSameWork }, targets.deleteP50),
    [
      'delete p50 handler vs raw conditional DeleteItem (ms)',
      `${del.handler.p50Ms} vs ${del.rawDeleteItem.p50Ms}`,
      `${del.handlerToDeleteItemP50Ratio}`,
      cell(targets.deleteVsDeleteItemP50),
    ],
    [
      `change consumer x${con.batchSize} records vs raw PutItem x${con.batchSize}: records/s (p50 batch ms)`,
      `${con.consumerPerSecond} vs ${con.rawPerSecond} (${con.consumer.p50Ms} vs ${con.raw.p50Ms})`,
      `${con.consumerToRawThroughputRatio}`,
      cell(targets.consumerThroughput),
    ],
    [`import x${i.rows} into npm start: rows/s; peak RSS (MB)`, `${i.rowsPerSecond}; ${i.peakRssMb}`, '', ''],
    coldRow('create', 'createDncNumber', 'PutItem', targets.coldStartCreate),
    coldRow('check', 'checkDncNumber', 'BatchGetItem', targets.coldStartCheck),
    coldRow('batch check', 'checkDncNumbers', 'BatchGetItem', targets.coldStartCheckMany),
    coldRow('list', 'listDncNumbers', 'Query', targets.coldStartList),
    coldRow('get', 'getDncNumber', 'Query', targets.coldStartGet),
    coldRow('authorizer', 'authorizer', 'node:crypto verify', targets.coldStartAuthorizer),
    [
      'bundle size create / check / batch check / list / get (KB)',
      `${kb.createDncNumber} / ${kb.checkDncNumber} / ${kb.checkDncNumbers} / ${kb.listDncNumbers} / ${kb.getDncNumber}`,
      '',
      '',
    ],
    [
      'bundle size authorizer; raw PutItem / BatchGetItem / Query / verify (KB)',
      `${kb.authorizer}; ${kb.rawPutBaseline} / ${kb.rawBatchGetBaseline} / ${kb.rawQueryBaseline} / ${kb.rawVerifyBaseline}`,
      '',
      '',
    ],
    [
      'authorizer warm p50/p99 per invocation vs raw node:crypto verify (µs)',
      `${a.p50Us} / ${a.p99Us} vs ${a.rawVerifyP50Us} / ${a.rawVerifyP99Us}`,
      `${a.toRawVerifyP50Ratio}`,
      '',
    ],
    ...([1, 10, 50] as const).map((concurrency) => {
      const value = t[`concurrency${concurrency}`]!;
      return [
        `throughput c=${concurrency} handler vs raw (/s)`,
        `${value.handlerPerSecond} vs ${value.rawPerSecond}`,
        `${value.handlerToRawThroughputRatio}`,
        cell(targets[`throughputC${concurrency}`]),
      ];
    }),
    [
      `duplicate storm x${d.requests}: p99 (ms), 201 / 409 / other`,
      `${d.p99Ms}; ${d.created} / ${d.conflicts} / ${d.other}`,
      '',
      `1 / ${d.requests - 1} / 0 ${verdict(targets.stormCreated.met && targets.stormOther.met)}`,
    ],
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (row: string[]) => `| ${row.map((text, column) => text.padEnd(widths[column]!)).join(' | ')} |`;
  return [line(rows[0]!), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...rows.slice(1).map(line), ''].join('\n');
};
