import { DEFAULT_CATALOGUE } from '../../config/catalogue.js';
import { personFileDecider } from '../person-file.decider.js';
import type { PersonFileEvent } from '../person-file.events.js';
import {
  CASE_ID,
  caseOpenedForPerson,
  personRegistered,
  transferData,
  TRANSFER_LAW,
} from '../../../tests/support/builders.js';
import { specification } from '../../../tests/support/given-when-then.js';

/**
 * Issue 14 item 5: a transfer of case notes sends the notes of its case, so their provenance tags travel
 * with it. Row `kkg-4` (§ 4 Abs. 3 KKG i. V. m. § 8a SGB VIII) lists `entrusted-youth-office` among the tags
 * that block it (§ 65 SGB VIII: data entrusted for personal help pass on only with the entruster's consent).
 */
const { given } = specification(personFileDecider(DEFAULT_CATALOGUE, TRANSFER_LAW));
const ENTRUSTED = { tag: 'entrusted-youth-office', entrustedBy: 'third-party:asd-mettmann' };

const childProtectionNotice = (o: Parameters<typeof transferData>[0] = {}) =>
  transferData({
    caseId: CASE_ID,
    toAgency: 'JUGENDAMT',
    dataCategories: ['identity', 'case-notes'],
    purpose: 'child-protection',
    legalBasis: 'kkg-4',
    justification: 'Blaue Flecken am Arm des Kindes, Gespräch mit der Mutter ohne Erfolg',
    attestations: [
      'weighty-signs-of-endangerment',
      'averting-failed-or-excluded',
      'persons-informed-unless-endangering',
    ],
    ...o,
  });

const file: PersonFileEvent[] = [personRegistered(), caseOpenedForPerson()];
const outcome = (events: readonly PersonFileEvent[]) => {
  const [event] = events;
  if (event?.type !== 'DataTransferred' && event?.type !== 'TransferRefused') throw new Error('no transfer decision');
  return event;
};

describe('provenance tags of case notes in a transfer (issue 14 item 5)', () => {
  describe('when no note of the case carries a tag', () => {
    it('the child-protection notice with case notes passes under § 4 KKG', () =>
      given(file)
        .when(childProtectionNotice({ caseNoteProvenance: {} }))
        .thenMatches((events) => expect(outcome(events).type).toBe('DataTransferred')));
  });

  describe('when a note of the case was entrusted to the youth office by a third party', () => {
    const tagged = { [CASE_ID]: [ENTRUSTED] };

    it('refuses the § 4 KKG notice: the row lists the tag among those that block it', () =>
      given(file)
        .when(childProtectionNotice({ caseNoteProvenance: tagged }))
        .thenMatches((events) => {
          const refused = outcome(events);
          expect(refused.type).toBe('TransferRefused');
          expect(refused.data.verdict.failedConditions).toEqual(['no-blocking-provenance']);
          expect(refused.data.verdict.reasons).toEqual(['provenance-blocks-basis:entrusted-youth-office']);
        }));

    it('records where the notes came from with the transfer', () =>
      given(file)
        .when(childProtectionNotice({ caseNoteProvenance: tagged }))
        .thenMatches((events) =>
          expect(outcome(events).data.provenance).toEqual([{ ...ENTRUSTED, categories: ['case-notes'] }]),
        ));

    it('lets a transfer without case notes pass: the tag concerns the notes only', () =>
      given(file)
        .when(
          childProtectionNotice({
            dataCategories: ['identity', 'family-youth-welfare'],
            caseNoteProvenance: tagged,
          }),
        )
        .thenMatches((events) => {
          expect(outcome(events).type).toBe('DataTransferred');
          expect(outcome(events).data.provenance).toEqual([]);
        }));

    it('counts the notes of every case of the person when the transfer names no case (the stricter reading)', () =>
      given(file)
        .when(childProtectionNotice({ caseId: undefined, caseNoteProvenance: tagged }))
        .thenMatches((events) => expect(outcome(events).type).toBe('TransferRefused')));
  });

  describe('when the notes are tagged but the transfer rests on a consent', () => {
    it('needs the entruster’s own consent releasing the tag (§ 65 SGB VIII): without it, refused', () =>
      given(file)
        .when(
          transferData({
            caseId: CASE_ID,
            toAgency: 'JOBCENTER_IP',
            dataCategories: ['case-notes'],
            purpose: 'labour-market-integration',
            legalBasis: 'consent',
            caseNoteProvenance: { [CASE_ID]: [ENTRUSTED] },
          }),
        )
        .thenMatches((events) => expect(outcome(events).type).toBe('TransferRefused')));
  });
});
