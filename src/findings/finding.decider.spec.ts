import { DEFAULT_CATALOGUE } from '../config/catalogue.js';
import { findingDecider, type RecordFinding } from './finding.decider.js';
import { ConflictError, ValidationError } from '../shared/errors.js';

const decider = findingDecider(DEFAULT_CATALOGUE);
const command = (overrides: Partial<RecordFinding> & Record<string, unknown> = {}): RecordFinding => ({
  type: 'RecordFinding',
  findingId: 'f1',
  topic: 'waiting-times',
  title: 'Terminvergabe Ausländerbehörde über zehn Wochen',
  description: 'Termine zur Verlängerung werden erst nach mehr als zehn Wochen vergeben.',
  agencies: ['AUSLAENDERBEHOERDE'],
  municipalities: ['Velbert'],
  caseCount: 23,
  recordedBy: 'cw-01',
  ...overrides,
});
const decide = (c: RecordFinding, recorded = false) => decider.decide(c, { recorded });

describe('structural finding', () => {
  describe('with a topic, catalogue agencies and municipalities and a case count', () => {
    it('is recorded', () => {
      expect(decide(command())).toEqual([
        {
          type: 'StructuralFindingRecorded',
          data: {
            findingId: 'f1',
            topic: 'waiting-times',
            title: 'Terminvergabe Ausländerbehörde über zehn Wochen',
            description: 'Termine zur Verlängerung werden erst nach mehr als zehn Wochen vergeben.',
            agencies: ['AUSLAENDERBEHOERDE'],
            municipalities: ['Velbert'],
            caseCount: 23,
            recordedBy: 'cw-01',
          },
        },
      ]);
    });

    it('accepts a case count of zero', () => expect(decide(command({ caseCount: 0 }))).toHaveLength(1));
  });

  describe('when it would carry a person', () => {
    it('refuses a personId field by name', () => {
      expect(() => decide(command({ personId: '6f1c1a52-4a3e-4f0b-9a59-2d0c7e1b0a01' }))).toThrow(
        /personId is not allowed/,
      );
    });

    it.each([
      ['an id', 'Fall 6f1c1a52-4a3e-4f0b-9a59-2d0c7e1b0a01 wartet seit Wochen'],
      ['an e-mail address', 'Rückfragen an aylin.yilmaz@example.org bitte'],
      ['a phone number', 'Erreichbar unter 0172 1234567 am Vormittag'],
      ['a date of birth-like date', 'Betrifft die Frau, geboren am 17.04.1991'],
    ])('refuses a description containing %s', (what, description) => {
      expect(() => decide(command({ description }))).toThrow(new RegExp(what));
    });
  });

  describe('with invalid fields', () => {
    it.each([
      [{ topic: 'gossip' }, 'topic'],
      [{ agencies: ['NASA'] }, 'agencies'],
      [{ municipalities: ['Düsseldorf'] }, 'municipalities'],
      [{ caseCount: -1 }, 'caseCount'],
      [{ caseCount: 2.5 }, 'caseCount'],
      [{ description: 'kurz' }, 'description'],
      [{ description: 'x'.repeat(2001) }, 'description'],
      [{ agencies: [], municipalities: [] }, 'agencies'],
    ])('refuses %j naming the field', (overrides, field) => {
      try {
        decide(command(overrides as Partial<RecordFinding>));
        throw new Error('accepted');
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError);
        expect((error as ValidationError).fields).toContain(field);
      }
    });
  });

  describe('already recorded', () => {
    it('is not recorded twice', () => expect(() => decide(command(), true)).toThrow(ConflictError));
  });
});
