// The launcher's watchdog, a process of its own: it holds a pipe from `npm start` and, when that
// pipe closes while the state file still exists (the launcher was killed, even with kill -9,
// before it could stop what it started), stops every process the state file records.
import { clearLeftovers } from './launch-state';

const stateFile = process.argv[2];
if (!stateFile) throw new Error('usage: watchdog.ts <state file>');

process.on('SIGINT', () => {}); // Ctrl-C is the launcher's to handle; this one waits for the pipe.
process.stdin.resume();
process.stdin.on('close', () => {
  clearLeftovers(stateFile)
    .then((stopped) => stopped && console.error(`\n${stopped}`))
    .catch((error: unknown) => console.error(`\n${String(error)}`))
    .finally(() => process.exit(0));
});
