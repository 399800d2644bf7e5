import { describe, expect, it } from 'vitest';
import { caseTimeline, timelineInstant, type TimelineSources } from './caseTimeline';

const sources: TimelineSources = {
  history: [
    { action: 'OPEN', actorKind: 'COORDINATOR', fromStatus: null, toStatus: 'OPEN', note: null, at: '2026-03-01T09:15:00.000Z' },
    { action: 'REFER', actorKind: 'COORDINATOR', fromStatus: 'OPEN', toStatus: 'REFERRED', note: 'At the liaison meeting', at: '2026-04-02T10:00:00.000Z' },
    { action: 'RECORD_ACTION', actorKind: 'LEAD', fromStatus: 'REFERRED', toStatus: 'ACTION_TAKEN', note: null, at: '2026-05-10T16:30:00.000Z' },
    { action: 'PROSECUTE', actorKind: 'LEAD', fromStatus: 'ACTION_TAKEN', toStatus: 'PROSECUTION', note: 'Indictment filed', at: '2026-06-01T08:00:00.000Z' },
  ],
  referral: { agency: 'Haizhou PSB Economic Crimes Unit', jurisdiction: 'CN-GD', reference: 'HZ-ECU-1234', partnership: { organisation: { name: 'Haizhou Public Security Bureau' } } },
  actions: [
    { id: 'a2', kind: 'RAID', occurredOn: '2026-05-10', summary: 'Warehouse raided' },
    { id: 'a1', kind: 'TEST_BUY', occurredOn: '2026-03-05', summary: 'Two bags bought' },
  ],
  evidenceAttachments: [
    { attachedAt: '2026-03-20T11:00:00.000Z', file: { id: 'f1', fileName: 'test-buy.pdf' } },
    { attachedAt: '2026-03-20T11:00:00.000Z', file: { id: 'f2', fileName: 'notes.txt' } },
  ],
  courtResults: [{ id: 'c1', decidedOn: '2026-07-01', court: 'Guangzhou Intermediate People’s Court', result: 'INJUNCTION', defendant: 'Bright Leather Co.', sentenceMonths: null, fine: null }],
  exports: [{ seq: 41, occurredAt: '2026-12-01T12:00:00.000Z', entry: JSON.stringify({ kind: 'EXPORTED', details: { recipient: 'REFERRED_PARTNER' } }) }],
};

describe('caseTimeline', () => {
  it('merges status changes, the log, evidence, court results and exports, oldest first', () => {
    const timeline = caseTimeline(sources);
    expect(timeline.map((e) => [e.kind, e.title])).toEqual([
      ['STATUS', 'Case opened'],
      ['ACTION', 'Test buy'],
      ['EVIDENCE', '2 evidence files attached'],
      ['REFERRAL', 'Referred to law enforcement'],
      ['ACTION', 'Raid'], // the day of the raid comes before the step recorded that afternoon
      ['STATUS', 'Action taken'],
      ['STATUS', 'Moved to prosecution'],
      ['COURT', 'Court: Injunction'],
      ['EXPORT', 'Evidence pack exported'],
    ]);
    const instants = timeline.map((e) => timelineInstant(e.at));
    expect(instants).toEqual([...instants].sort((a, b) => a - b));
  });

  it('says to whom the case was referred, who moved it and who exported its pack', () => {
    const timeline = caseTimeline(sources);
    expect(timeline.find((e) => e.kind === 'REFERRAL')?.detail).toBe('Haizhou PSB Economic Crimes Unit (CN-GD), ref. HZ-ECU-1234 — Haizhou Public Security Bureau. At the liaison meeting');
    expect(timeline.find((e) => e.title === 'Moved to prosecution')?.detail).toBe('by lead member: Indictment filed');
    expect(timeline.find((e) => e.kind === 'EVIDENCE')?.detail).toBe('test-buy.pdf, notes.txt');
    expect(timeline.find((e) => e.kind === 'EXPORT')?.detail).toBe('by the partner the case is referred to');
    expect(timeline.find((e) => e.kind === 'COURT')?.detail).toBe('Guangzhou Intermediate People’s Court, Bright Leather Co.');
  });

  it('keeps the order of entries at one instant, and shows a case with nothing but its opening', () => {
    const opened = caseTimeline({ ...sources, history: sources.history.slice(0, 1), referral: null, actions: [], evidenceAttachments: [], courtResults: [], exports: [] });
    expect(opened).toEqual([{ key: 'step-0', kind: 'STATUS', at: '2026-03-01T09:15:00.000Z', title: 'Case opened', detail: 'by coordinator' }]);
    const same = caseTimeline({ ...sources, actions: [{ id: 'x', kind: 'OTHER', occurredOn: '2026-03-01', summary: 'Noted' }, { id: 'y', kind: 'INVESTIGATION', occurredOn: '2026-03-01', summary: 'Looked' }] });
    expect(same.slice(0, 3).map((e) => e.title)).toEqual(['Other', 'Investigation', 'Case opened']);
  });
});
