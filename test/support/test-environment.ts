// Handler logs are asserted where they matter (see test/security); elsewhere they are noise.
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
process.env.CURSOR_SECRET ??= 'test-cursor-signing-secret';
// Many invocations share one process and one SDK client here (Lambda runs one at a time), and
// DynamoDB Local shares two cores: production's SDK time-outs would cut requests that are only
// queued. test/reliability/sdk-timeouts.test.ts runs with production's.
process.env.LOCAL_SDK_TIMEOUT_MILLIS ??= '30000';
