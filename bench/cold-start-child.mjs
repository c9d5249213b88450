// Runs in a fresh Node process: load one bundle and serve one request, as a Lambda cold start does.
const started = performance.now();
const [bundle, eventJson] = process.argv.slice(2);
const { handler } = await import(bundle);
const context = { getRemainingTimeInMillis: () => 10_000, awsRequestId: 'cold-start', functionName: 'bench' };
const response = await handler(JSON.parse(eventJson), context);
const elapsedMs = performance.now() - started;
process.send?.({ elapsedMs, statusCode: response.statusCode });
