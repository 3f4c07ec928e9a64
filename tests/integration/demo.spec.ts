import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDemoCounty, type DemoOptions } from '../../src/demo/demo-loader.js';
import type { DemoSummary } from '../../src/demo/demo-summary.js';
import type { RecordedEvent } from '../../src/event-store/event-store.port.js';

interface Run {
  summary: DemoSummary;
  /** Event types per stream, in stream order. */
  streams: Map<string, string[]>;
  /** Every event type in global log order. */
  log: string[];
  occurredAt: string[];
  events: RecordedEvent[];
}

const folders: string[] = [];

async function load(options: Omit<DemoOptions, 'dataDir'>): Promise<Run> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kim-demo-'));
  folders.push(dataDir);
  const streams = new Map<string, string[]>();
  const log: string[] = [];
  const occurredAt: string[] = [];
  const events: RecordedEvent[] = [];
  const onEvent = (e: RecordedEvent) => {
    events.push(e);
    streams.set(e.streamName, [...(streams.get(e.streamName) ?? []), e.type]);
    log.push(e.type);
    occurredAt.push(e.metadata.occurredAt);
  };
  const summary = await loadDemoCounty({ ...options, dataDir, onEvent });
  return { summary, streams, log, occurredAt, events };
}

const withoutTiming = ({ seconds: _seconds, ...rest }: DemoSummary) => rest;

afterAll(() => folders.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('kim demo at a small scale (0.05, two years)', () => {
  let first: Run;
  let second: Run;
  // At this scale about one closure in a hundred ends in an erasure request; seed 13 has one of them since
  // consents last at most 24 months (issue 14: fewer transfers succeed, so the random stream took another
  // path; seeds 14–17 have none or one).
  beforeAll(async () => {
    first = await load({ seed: 13, scale: 0.05 });
    second = await load({ seed: 13, scale: 0.05 });
  }, 900_000);

  it('writes a county: persons, cases, consents, transfers allowed and refused', () => {
    const s = first.summary;
    expect(s.persons).toBeGreaterThan(0);
    expect(s.casesActive + s.casesClosed).toBe(s.casesOpened);
    expect(s.consentsGranted).toBeGreaterThan(0);
    expect(s.transfersAllowed).toBeGreaterThan(0);
    expect(s.transfersRefused).toBeGreaterThan(0);
    expect(s.caseActions).toBeGreaterThan(s.casesOpened);
    expect(s.eventsWritten).toBe(first.log.length);
  });

  it('works cases in the DGCC cycle: plans, goal reviews, contacts, documents, waiting for a case manager', () => {
    const s = first.summary;
    expect(s.plans).toBeGreaterThan(0);
    expect(s.goalReviews).toBeGreaterThan(s.plans);
    expect(s.goalsAttained).toBeGreaterThan(0);
    expect(s.contacts).toBeGreaterThan(s.casesOpened);
    expect(s.documents).toBeGreaterThan(0);
    expect(s.casesWaited).toBeGreaterThan(0);
    const providers = first.events.filter((e) => e.type === 'StaffMemberRecorded').map((e) => e.data.provider);
    expect(providers).toEqual(expect.arrayContaining(['KI', 'AUSLAENDERBEHOERDE']));
  });

  it('gets every call answered as planned: 2xx (202: an erasure awaiting approval), or the expected 409/422, never a 5xx', () => {
    const { calls } = first.summary;
    expect(calls.firstUnexpected).toEqual([]);
    expect(calls.unexpected).toBe(0);
    expect(calls.serverErrors).toBe(0);
    expect(Object.keys(calls.byStatus).sort()).toEqual(expect.arrayContaining(['200', '201', '422']));
    expect(Object.keys(calls.byStatus).every((status) => ['200', '201', '202', '409', '422'].includes(status))).toBe(
      true,
    );
  });

  it('keeps every case manager at or below 80 active cases at every moment', () => {
    expect(first.summary.maxCaseload).toBeGreaterThan(0);
    expect(first.summary.maxCaseload).toBeLessThanOrEqual(80);
  });

  it('erases former participants on request (Art. 17 DSGVO): PersonErased is in the log', () => {
    const erased = first.events.filter((e) => e.type === 'PersonErased');
    expect(erased.length).toBeGreaterThanOrEqual(1);
    expect(first.summary.erasures).toBe(erased.length);
  });

  it('erases with four eyes: requested by the privacy officer, approved by the team lead', () => {
    const erased = first.events.filter((e) => e.type === 'PersonErased');
    const requested = first.events.filter((e) => e.type === 'ErasureRequested');
    expect(requested.length).toBe(erased.length);
    for (const e of erased) {
      expect(e.data).toMatchObject({ requestedBy: expect.any(String), approvedBy: expect.any(String) });
      expect(e.data.approvedBy).not.toBe(e.data.requestedBy);
    }
  });

  it('restricts processing (Art. 18 DSGVO) after every erasure refused under a hold of the county', () => {
    const refused = Object.entries(first.summary.calls.byRoute)
      .filter(([route]) => /^POST \/privacy\/persons\/\S+\/erasure 409$/.test(route))
      .reduce((sum, [, n]) => sum + n, 0);
    expect(first.summary.restrictions).toBe(refused);
  });

  it('dates every event inside the simulated two years, not at the time of the run', () => {
    const from = first.summary.from;
    const until = `${first.summary.until}T23:59:59.999Z`;
    expect(first.occurredAt.filter((at) => at < from || at > until)).toEqual([]);
  });

  it('records every event at its historic instant: the audit trail does not stamp two years at load time', () => {
    const from = first.summary.from;
    const until = `${first.summary.until}T23:59:59.999Z`;
    const outside = first.events.filter((e) => e.recordedAt < from || e.recordedAt > until);
    expect(outside.map((e) => `${e.type} ${e.recordedAt}`)).toEqual([]);
    // Spread over the history as it was written, not over the minutes of the load.
    // Each append carries the instant of the request that wrote it, so the trail has a day for (nearly) every
    // day something happened; stamped at load time it would have one or two.
    const recorded = new Set(first.events.map((e) => e.recordedAt.slice(0, 10)));
    const happened = new Set(first.events.map((e) => e.metadata.occurredAt.slice(0, 10)));
    expect(recorded.size).toBeGreaterThan(happened.size * 0.9);
  });

  it('seeds structural findings for the committee over the two years', () => {
    const findings = first.events.filter((e) => e.type === 'StructuralFindingRecorded');
    expect(findings.length).toBeGreaterThanOrEqual(6);
    expect(new Set(findings.map((e) => e.data.topic)).size).toBe(findings.length);
  });

  it('gives the same summary from the same seed in another data folder', () => {
    expect(withoutTiming(second.summary)).toEqual(withoutTiming(first.summary));
  });

  it('writes the same sequence of event types into every stream from the same seed', () => {
    expect(second.streams.size).toBe(first.streams.size);
    expect([...second.streams.entries()].sort()).toEqual([...first.streams.entries()].sort());
  });
});

describe('kim demo one call at a time (concurrency 1, four months)', () => {
  it('repeats even the global order of event types from the same seed', async () => {
    const a = await load({ seed: 7, scale: 0.05, days: 120, concurrency: 1 });
    const b = await load({ seed: 7, scale: 0.05, days: 120, concurrency: 1 });
    expect(a.log.length).toBeGreaterThan(0);
    expect(b.log).toEqual(a.log);
  }, 900_000);
});
