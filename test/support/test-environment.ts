// Handler logs are asserted where they matter (see test/security); elsewhere they are noise.
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
process.env.CURSOR_SECRET ??= 'test-cursor-signing-secret';
