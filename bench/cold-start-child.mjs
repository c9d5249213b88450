// Runs in a fresh Node process: load one bundle and serve one request, as a Lambda cold start does.
// argv: the bundle, then the event as JSON (the parent checks the answer against the one expected).
const started = performance.now();
const [bundle, eventJson] = process.argv.slice(2);
const { handler } = await import(bundle);
const loaded = performance.now();
const context = { getRemainingTimeInMillis: () => 10_000, awsRequestId: 'cold-start', functionName: 'bench' };
const response = await handler(JSON.parse(eventJson), context);
const answered = performance.now();
process.send?.({
  elapsedMs: answered - started,
  loadMs: loaded - started,
  firstRequestMs: answered - loaded,
  // A route answers a status; an authorizer, a verdict.
  statusCode: response.statusCode,
  isAuthorized: response.isAuthorized,
  body: response.statusCode >= 400 ? response.body : undefined,
});
