import { run } from './main.js';

// The process boundary: real stdout/stderr, and the exit status once output has drained.
process.exitCode = run(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (line) => process.stderr.write(line + '\n'),
});
