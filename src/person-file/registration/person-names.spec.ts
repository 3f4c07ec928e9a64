import { DEFAULT_CATALOGUE } from '../../config/catalogue.js';
import { personFileDecider } from '../person-file.decider.js';
import type { PersonRegistered } from '../person-file.events.js';
import { isPersonName } from './person-name.js';
import { registerPerson, TRANSFER_LAW } from '../../../tests/support/builders.js';
import { specification } from '../../../tests/support/given-when-then.js';

const { given } = specification(personFileDecider(DEFAULT_CATALOGUE, TRANSFER_LAW));

// A 100-character double name: two long family names joined by a hyphen.
const longDoubleName = `${'Hohenzollern-Sigmaringen'.padEnd(49, 'ä')}-${'Schleswig-Holstein'.padEnd(50, 'ß')}`;

describe('registering names of the people KIM serves', () => {
  describe('when the name is written in its own script', () => {
    it.each([
      ['Aylin', 'Yılmaz-Özdemir'],
      ['Đorđe', 'Đorđević'],
      ['محمد', 'العلي'],
      ['小明', '王小明'],
      ['Zoë', 'Müller-Lüdenscheidt'],
      ['Nguyễn Thị', 'Minh Khai'],
      ['Ольга', 'Шевченко'],
      ['Mario', longDoubleName],
      ['Ali', 'Rezaei\u200cpour'], // a zero-width non-joiner belongs to Persian spelling
      ['\u200fسارا', 'Khan'], // a right-to-left mark, as pasted from documents
    ])('keeps %s %s exactly as given', (givenName, familyName) =>
      given([])
        .when(registerPerson({ givenName, familyName }))
        .thenMatches((events, state) => {
          const registered = events[0] as PersonRegistered;
          expect(registered.data.personal.givenName).toBe(givenName);
          expect(registered.data.personal.familyName).toBe(familyName);
          // Survives the trip through stored JSON unchanged, byte for byte.
          const roundTrip = JSON.parse(JSON.stringify(registered)) as PersonRegistered;
          expect(Buffer.from(roundTrip.data.personal.familyName)).toEqual(Buffer.from(familyName));
          expect(state.registered).toBe(true);
        }),
    );

    it('counts the long double name as 100 characters', () => expect([...longDoubleName]).toHaveLength(100));

    it('does not normalise a decomposed umlaut into a composed one', () => {
      const decomposed = 'Mu\u0308ller';
      given([])
        .when(registerPerson({ familyName: decomposed }))
        .thenMatches((events) => expect((events[0] as PersonRegistered).data.personal.familyName).toBe(decomposed));
    });
  });

  describe('when the name cannot be a name', () => {
    it.each([
      ['empty', ''],
      ['only spaces', '   '],
      ['a control character', 'Mül\u0000ler'],
      ['half of a surrogate pair (no character at all)', 'Mül\ud800ler'],
      ['a text-direction override (shows reversed: "Trojan Source")', 'Mül\u202eler'],
      ['a directional isolate', '\u2067Müller\u2069'],
      ['longer than 200 characters', 'a'.repeat(201)],
    ])('refuses a family name that is %s (checked at the edge, before any decision)', (_what, familyName) =>
      expect(isPersonName(familyName)).toBe(false),
    );

    it.each([['Aylin'], ['Rezaei\u200cpour'], ['\u200fسارا'], ['a'.repeat(200)]])('accepts %s', (name) =>
      expect(isPersonName(name)).toBe(true),
    );
  });
});
