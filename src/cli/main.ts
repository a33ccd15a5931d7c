import { parseArgs } from 'node:util';
import { dialectNames } from '../dialects/registry.js';
import { UsageError, type Io } from './shared.js';
import { convert } from './commands/convert.js';
import { parse } from './commands/parse.js';
import { testRules } from './commands/test.js';
import { verifyRules } from './commands/verify.js';
import { roundtrip } from './commands/roundtrip.js';

const USAGE = `rulestone: compile detection rules between Sigma, Elastic EQL and Sentinel KQL

usage:
  rulestone convert PATH... --to DIALECT [--out DIR] [--report FILE.json] [--from DIALECT]
                    [--format query|rule|toml|ndjson|yaml|arm] [--template FILE.hbs]
                    [--profile MODEL] [--mapping FILE]... [--unmapped error|keep] [--strict] [--verbose]
  rulestone parse FILE --ir [--from DIALECT]
  rulestone test RULE... --events FILE [--timestamp FIELD] [--show N] [--report FILE.json]
  rulestone verify RULE... --to DIALECT --events FILE [--profile MODEL] [--mapping FILE]... [--report FILE.json]
  rulestone roundtrip PATH... --via DIALECT [--report FILE.json] [--from DIALECT] [--unmapped error|keep]

PATH is a rule file or a folder (read recursively). Dialects: ${dialectNames().join(', ')}. Rule documents
(detection-rules TOML, Kibana NDJSON, Sentinel YAML and ARM) are read too; --format writes one instead of
the bare query (rule = the dialect's usual document), --template with a handlebars template of your own.
Input dialects are recognised by file ending and content; --from forces one. Saved IR (.json from
'parse --ir') is read back too. Fields are mapped between data models through Sigma's taxonomy; --profile picks the target's model
(eql: ecs; kql: sentinel (the default: Defender XDR tables, and SecurityEvent for the Security log),
sentinel-mde, sentinel-securityevent, sentinel-sysmon); --mapping FILE (YAML or JSON, the schema of docs/datamodels.md)
adds a data model, or extends the one of the same id, its categories first. A field or log source without a
mapping is an error unless --unmapped keep. Exit status: 0 all rules succeeded, 1 some failed, 2 bad usage.`;

const OPTIONS = {
  to: { type: 'string' },
  via: { type: 'string' },
  from: { type: 'string' },
  out: { type: 'string' },
  report: { type: 'string' },
  unmapped: { type: 'string' },
  profile: { type: 'string' },
  mapping: { type: 'string', multiple: true },
  format: { type: 'string' },
  events: { type: 'string' },
  timestamp: { type: 'string' },
  show: { type: 'string' },
  strict: { type: 'boolean' },
  template: { type: 'string' },
  ir: { type: 'boolean' },
  verbose: { type: 'boolean', short: 'v' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

/** Runs the command line and returns the exit status; the only side effects are through `io` and files. */
export function run(argv: string[], io: Io): number {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: OPTIONS,
      allowPositionals: true,
      strict: true,
    });
    const [command, ...rest] = positionals;
    if (values.version) {
      io.out(`${VERSION}\n`);
      return 0;
    }
    if (values.help || command === undefined || command === 'help') {
      io.out(USAGE + '\n');
      return command === undefined && !values.help ? 2 : 0;
    }
    switch (command) {
      case 'convert':
        return convert(rest, values, io);
      case 'parse':
        return parse(rest, values, io);
      case 'roundtrip':
        return roundtrip(rest, values, io);
      case 'test':
        return testRules(rest, values, io);
      case 'verify':
        return verifyRules(rest, values, io);
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
  } catch (error) {
    const usage =
      error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    if (!usage) throw error;
    io.err(`rulestone: ${(error as Error).message}`);
    io.err("run 'rulestone --help' for usage");
    return 2;
  }
}

export const VERSION = '0.1.0';
