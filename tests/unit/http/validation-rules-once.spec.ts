import { IsInt, IsString, Min, validateSync } from 'class-validator';
import { keepValidationRules } from '../../../src/http/validation-rules-once.js';

/** What class-validator says of a body, by property and constraint. */
const complaints = (body: object) =>
  validateSync(body, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true }).map(
    (e) => `${e.property}: ${Object.keys(e.constraints ?? {}).join(',')}`,
  );

describe('validation rules looked up once per DTO class', () => {
  class ActionBody {
    @IsString() summary!: string;
    @IsInt() @Min(1) minutes!: number;
  }
  const body = (summary: unknown, minutes: unknown) => Object.assign(new ActionBody(), { summary, minutes });

  beforeAll(() => keepValidationRules());

  it('judge every body by the class rules, the second time as the first', () => {
    expect(complaints(body('Beratung', 30))).toEqual([]);
    expect(complaints(body(7, 0))).toEqual(['summary: isString', 'minutes: min']);
    expect(complaints(body(7, 0))).toEqual(['summary: isString', 'minutes: min']);
    expect(complaints(Object.assign(body('Beratung', 30), { extra: 1 }))).toEqual(['extra: whitelistValidation']);
  });

  it('take in a rule added after its class was validated', () => {
    class NoteBody {
      @IsString() summary!: string;
    }
    const note = (fields: object) => Object.assign(new NoteBody(), fields);
    expect(complaints(note({ summary: 'Beratung' }))).toEqual([]);
    IsString()(NoteBody.prototype, 'note'); // as a decorator on a class loaded later would
    expect(complaints(note({ summary: 'Beratung', note: 5 }))).toEqual(['note: isString']);
  });

  it('are kept once however often they are asked to be', () => {
    keepValidationRules();
    expect(complaints(body(7, 30))).toEqual(['summary: isString']);
  });
});
