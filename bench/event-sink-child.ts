import { startEventSink } from '../local/event-sink';

// The local event sink in a process of its own, as EventBridge is a service of its own: its work
// (parsing, appending each event to the file) stays off the event loop of the consumer measured.
const file = process.argv[2];
if (!file || !process.send) throw new Error('usage: fork event-sink-child.ts <events file>, with an IPC channel');
startEventSink({ file }).then(
  (sink) => process.send!({ endpoint: sink.endpoint }),
  (error: unknown) => {
    process.stderr.write(`event sink: ${String(error)}\n`);
    process.exit(1);
  },
);
// The bench went away or is done with it.
process.on('disconnect', () => process.exit(0));
