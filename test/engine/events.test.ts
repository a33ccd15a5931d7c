import { describe, expect, it } from 'vitest';
import { EngineError, parseEvents, windowsEventView, timestampMs } from '../../src/engine/index.js';
import { sigma } from './helpers.js';

describe('parseEvents', () => {
  it('reads JSON Lines, JSON arrays and concatenated pretty-printed objects', () => {
    expect(parseEvents('{"a":1}\n{"a":2}\n')).toEqual([{ a: 1 }, { a: 2 }]);
    expect(parseEvents('[{"a":1},{"a":2}]')).toEqual([{ a: 1 }, { a: 2 }]);
    expect(parseEvents('{\n  "a": "}{"\n}{\n  "b": "\\"]"\n}')).toEqual([{ a: '}{' }, { b: '"]' }]);
    expect(parseEvents('')).toEqual([]);
  });

  it('says where a broken event is', () => {
    expect(() => parseEvents('{"a":1}\n{"a":}\n')).toThrow(/line 2/);
    expect(() => parseEvents('{"a":1')).toThrow(EngineError);
  });
});

describe('windowsEventView', () => {
  const evtx = {
    Event: {
      '#attributes': { xmlns: 'http://schemas.microsoft.com/win/2004/08/events/event' },
      System: {
        Provider: { '#attributes': { Name: 'Microsoft-Windows-Sysmon', Guid: '{5770385F}' } },
        EventID: 1,
        TimeCreated: { '#attributes': { SystemTime: '2026-04-17T05:24:53.092051Z' } },
        Execution: { '#attributes': { ProcessID: 3208, ThreadID: 1724 } },
        Channel: 'Microsoft-Windows-Sysmon/Operational',
        Computer: 'host1',
      },
      EventData: {
        Image: 'C:\\Windows\\System32\\cmd.exe',
        CommandLine: 'cmd /c whoami',
        'Threat Name': 'EICAR',
      },
    },
  };

  it('maps System and EventData to Sigma field names', () => {
    const view = windowsEventView(evtx) as Record<string, unknown>;
    expect(view).toMatchObject({
      EventID: 1,
      Channel: 'Microsoft-Windows-Sysmon/Operational',
      Computer: 'host1',
      Provider_Name: 'Microsoft-Windows-Sysmon',
      TimeCreated_SystemTime: '2026-04-17T05:24:53.092051Z',
      Execution_ProcessID: 3208,
      Image: 'C:\\Windows\\System32\\cmd.exe',
      ThreatName: 'EICAR',
      'Threat Name': 'EICAR',
    });
  });

  it('lets a Sigma rule match the EVTX rendering', () => {
    const rule = sigma(
      `sel:\n    EventID: 1\n    Provider_Name: 'Microsoft-Windows-Sysmon'\n    Image|endswith: '\\cmd.exe'\ncondition: sel`,
    );
    expect(rule(windowsEventView(evtx))).toBe(true);
    expect(rule(evtx)).toBe(false);
  });

  it('reads the XML-shaped EventData rendering', () => {
    const view = windowsEventView({
      Event: {
        System: { EventID: 4688 },
        EventData: {
          Data: [
            { '#attributes': { Name: 'NewProcessName' }, '#text': 'C:\\Windows\\cmd.exe' },
            { '#attributes': { Name: 'CommandLine' } },
          ],
        },
      },
    });
    expect(view).toMatchObject({ EventID: 4688, NewProcessName: 'C:\\Windows\\cmd.exe', CommandLine: null });
  });

  it('reads UserData and leaves other shapes alone', () => {
    const view = windowsEventView({
      Event: { System: { EventID: 1102 }, UserData: { LogFileCleared: { SubjectUserName: 'bob' } } },
    });
    expect(view).toMatchObject({ EventID: 1102, SubjectUserName: 'bob' });
    expect(windowsEventView({ a: 1 })).toEqual({ a: 1 });
  });
});

describe('timestamps', () => {
  it('reads ISO texts (zone-less as UTC, long fractions) and epoch milliseconds', () => {
    const ms = Date.UTC(2026, 3, 17, 5, 24, 53, 92);
    expect(timestampMs('2026-04-17T05:24:53.092051Z')).toBe(ms);
    expect(timestampMs('2026-04-17 05:24:53.092')).toBe(ms);
    expect(timestampMs(ms)).toBe(ms);
    expect(timestampMs(String(ms))).toBe(ms);
    expect(timestampMs('3')).toBe(3);
    expect(timestampMs('yesterday')).toBeUndefined();
  });
});
