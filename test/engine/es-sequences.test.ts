/**
 * EQL sequences against Elasticsearch's own expectations.
 *
 * Missing events (`![…]`): the data and expected sequences of
 * elastic/elasticsearch x-pack/plugin/eql/qa/common/src/main/resources/{data/missing-events.data,
 * test_missing_events.toml} (events are identified by their `sequence` field; missing positions left out).
 * The event category (`test1 where …`) is applied through the evaluator's sourceFilter hook.
 */
import { describe, expect, it } from 'vitest';
import type { Source } from '../../src/ir/types.js';
import { evaluate } from '../../src/engine/index.js';
import { eqlRule } from './helpers.js';

type Row = [timestamp: string, type: string, tag: string, sequence: number];
const ROWS: Row[] = [
  ['1', 'test1', 'normal', 1],
  ['2', 'test1', 'normal', 2],
  ['3', 'test1', 'missing', 3],
  ['4', 'test1', 'normal', 4],
  ['2022-05-04T12:00:00.000Z', 'test2', 'normal', 1],
  ['2022-05-04T12:00:00.001Z', 'test2', 'normal', 2],
  ['2022-05-04T12:00:00.002Z', 'test2', 'missing', 3],
  ['2022-05-04T12:00:00.003Z', 'test2', 'normal', 4],
  ['2022-05-04T12:00:00.004Z', 'test2', 'normal', 5],
  ['2022-05-04T12:00:00.005Z', 'test2', 'missing', 6],
  ['2022-05-04T12:02:00.006Z', 'test2', 'missing2', 7],
  ['2022-05-04T12:03:00.006Z', 'test2', 'missing2', 8],
  ['2022-05-04T12:00:00.000Z', 'test3', 'missing', 1],
  ['2022-05-04T12:10:00.001Z', 'test3', 'normal', 2],
  ['2022-05-04T12:20:00.001Z', 'test3', 'missing', 3],
  ['2022-05-04T12:21:00.001Z', 'test3', 'normal', 4],
  ['2022-05-04T12:29:00.001Z', 'test3', 'normal', 5],
  ['2022-05-04T12:31:00.001Z', 'test3', 'normal', 6],
  ...['A', 'B', 'M1', 'B', 'C', 'M2', 'D', 'M1', 'C', 'B', 'C', 'D', 'A', 'B', 'M3', 'C', 'D', 'M4'].map(
    (tag, k) => [String(k + 1), 'test4', tag, k + 1] as Row,
  ),
];
const EVENTS = ROWS.map(([ts, type, tag, sequence]) => ({
  '@timestamp': ts,
  event_type: type,
  transID: 1,
  tag,
  sequence,
}));
const byCategory = (source: Source, event: unknown) =>
  (event as { event_type: string }).event_type === (source.native as { category: string }).category;

function run(query: string): number[][] {
  const result = evaluate(eqlRule(query), EVENTS, { timestampField: '@timestamp', sourceFilter: byCategory });
  return result.sequences.map((s) => s.events.map((e) => (e.event as { sequence: number }).sequence));
}

const CASES: Array<[name: string, query: string, expected: number[][]]> = [
  [
    'missingInBetween_noMatches',
    'sequence with maxspan=1s [test1 where tag == "normal"] ![test1 where tag == "nonexisting"] [test1 where tag == "normal"]',
    [
      [1, 2],
      [2, 4],
    ],
  ],
  [
    'missingInBetween_noMatches_head',
    'sequence with maxspan=1s [test1 where tag == "normal"] ![test1 where tag == "nonexisting"] [test1 where tag == "normal"] | head 1',
    [[1, 2]],
  ],
  [
    'missingInBetween_noMatches_tail',
    'sequence with maxspan=1s [test1 where tag == "normal"] ![test1 where tag == "nonexisting"] [test1 where tag == "normal"] | tail 1',
    [[2, 4]],
  ],
  [
    'missingInBetween_match',
    'sequence with maxspan=1s [test1 where tag == "normal"] ![test1 where tag == "missing"] [test1 where tag == "normal"]',
    [[1, 2]],
  ],
  [
    'positivePlusMissing',
    'sequence with maxspan=1s [test1 where tag == "normal"] ![test1 where tag == "missing"]',
    [[4]],
  ],
  [
    'skipFirstMatchAndPickSecondCandidate',
    'sequence with maxspan=1s [test2 where tag == "normal"] [test2 where tag == "normal"] ![test2 where tag == "missing"] [test2 where tag == "normal"]',
    [[2, 4, 5]],
  ],
  [
    'leadingSimple',
    'sequence with maxspan=3m ![test3 where tag == "missing"] [test3 where tag == "normal"]',
    [[2], [5], [6]],
  ],
  [
    'leadingAndTrailingExcluded1',
    'sequence with maxspan=19m ![test3 where tag == "missing"] [test3 where tag == "normal"] ![test3 where tag == "missing"]',
    [[2], [4], [5], [6]],
  ],
  [
    'leadingAndTrailingExcluded2',
    'sequence with maxspan=21m ![test3 where tag == "missing"] [test3 where tag == "normal"] ![test3 where tag == "missing"]',
    [[4], [5], [6]],
  ],
  [
    'multipleMissing1',
    'sequence with maxspan=1s [test4 where tag == "A"] [test4 where tag == "B"] ![test4 where tag == "M1"] [test4 where tag == "C"] ![test4 where tag == "M2"] [test4 where tag == "D"]',
    [[13, 14, 16, 17]],
  ],
  [
    'multipleMissing2',
    'sequence with maxspan=1s [test4 where tag == "A"] [test4 where tag == "B"] ![test4 where tag == "M1"] [test4 where tag == "C"] [test4 where tag == "D"]',
    [[13, 14, 16, 17]],
  ],
  [
    'multipleMissing3',
    'sequence with maxspan=1s [test4 where tag == "A"] [test4 where tag == "B"] [test4 where tag == "C"] ![test4 where tag == "M2"] [test4 where tag == "D"]',
    [[13, 14, 16, 17]],
  ],
  [
    'multipleMissing4',
    'sequence with maxspan=1s [test4 where tag == "A"] [test4 where tag == "B"] ![test4 where tag == "M1"] [test4 where tag == "C"] ![test4 where tag == "M2"] [test4 where tag == "D"] ![test4 where tag == "M4"]',
    [],
  ],
  [
    'multipleMissing5',
    'sequence with maxspan=1s [test4 where tag == "A"] [test4 where tag == "B"] ![test4 where tag == "none"] [test4 where tag == "C"] ![test4 where tag == "none"] [test4 where tag == "D"]',
    [
      [1, 2, 5, 7],
      [13, 14, 16, 17],
    ],
  ],
  [
    'multipleMissing6',
    'sequence with maxspan=1s [test4 where tag == "A"] [test4 where tag == "B"] [test4 where tag == "C"] ![test4 where tag == "M2"] [test4 where tag == "D"] ![test4 where tag == "none"]',
    [[13, 14, 16, 17]],
  ],
  [
    'multipleMissing7',
    'sequence with maxspan=1s ![test4 where tag == "none"] [test4 where tag == "A"] [test4 where tag == "B"] [test4 where tag == "C"] ![test4 where tag == "M2"] [test4 where tag == "D"]',
    [[13, 14, 16, 17]],
  ],
];

describe('EQL missing events, as Elasticsearch expects them', () => {
  for (const [name, query, expected] of CASES) {
    it(name, () => {
      expect(run(query)).toEqual(expected);
    });
  }
});

/**
 * Sequences over plain ordered process events (ES test_queries.toml, queries that only read
 * serial_event_id, whose first events are process events 1, 2, 3, … in time order). ES writes
 * `serial_event_id : 1`; our EQL front end accepts only strings after `:`, so `==` stands in (same meaning here).
 */
const SERIAL = Array.from({ length: 12 }, (_, k) => ({
  event_type: 'process',
  serial_event_id: k + 1,
  '@timestamp': 1000 + k,
}));

function serial(query: string): number[][] {
  return evaluate(eqlRule(query), SERIAL, { sourceFilter: byCategory }).sequences.map((s) =>
    s.events.map((e) => (e.event as { serial_event_id: number }).serial_event_id),
  );
}

const STATE_CASES: Array<[name: string, query: string, expected: number[][]]> = [
  [
    'sequenceOneOneMatch',
    'sequence [process where serial_event_id == 1] [process where serial_event_id == 2]',
    [[1, 2]],
  ],
  [
    'sequenceManyOneMatch',
    'sequence [process where serial_event_id < 5] [process where serial_event_id == 5]',
    [[4, 5]],
  ],
  [
    'sequenceConditionManyMany',
    'sequence [process where serial_event_id <= 3] [process where true] [process where true]',
    [
      [1, 2, 3],
      [2, 3, 4],
      [3, 4, 5],
    ],
  ],
  [
    'sequenceManyConditionMany',
    'sequence [process where true] [process where serial_event_id <= 3] [process where true]',
    [
      [1, 2, 3],
      [2, 3, 4],
    ],
  ],
  [
    'sequenceManyManyCondition',
    'sequence [process where true] [process where true] [process where serial_event_id <= 3]',
    [[1, 2, 3]],
  ],
  [
    'sequenceThreeManyCondition1',
    'sequence [process where serial_event_id <= 4] [process where true] [process where true] [process where true]',
    [
      [1, 2, 3, 4],
      [2, 3, 4, 5],
      [3, 4, 5, 6],
      [4, 5, 6, 7],
    ],
  ],
  [
    'sequenceThreeManyCondition2',
    'sequence [process where true] [process where serial_event_id <= 4] [process where true] [process where true]',
    [
      [1, 2, 3, 4],
      [2, 3, 4, 5],
      [3, 4, 5, 6],
    ],
  ],
  [
    'sequenceThreeManyCondition3',
    'sequence [process where true] [process where true] [process where serial_event_id <= 4] [process where true]',
    [
      [1, 2, 3, 4],
      [2, 3, 4, 5],
    ],
  ],
  [
    'sequenceThreeManyCondition4',
    'sequence [process where true] [process where true] [process where true] [process where serial_event_id <= 4]',
    [[1, 2, 3, 4]],
  ],
  [
    'doubleSameSequence',
    'sequence [process where serial_event_id < 5] [process where serial_event_id < 5]',
    [
      [1, 2],
      [2, 3],
      [3, 4],
    ],
  ],
];

describe('EQL sequence state machine, as Elasticsearch expects it', () => {
  for (const [name, query, expected] of STATE_CASES) {
    it(name, () => {
      expect(serial(query)).toEqual(expected);
    });
  }
});
