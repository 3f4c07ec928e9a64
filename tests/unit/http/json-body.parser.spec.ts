import type { FastifyRequest } from 'fastify';
import { firstReservedKey, parseJsonBody } from '../../../src/http/json-body.parser.js';
import { ValidationError } from '../../../src/shared/errors.js';

const parseBytes = (body: Buffer, contentType = 'application/json') =>
  new Promise<unknown>((resolve, reject) =>
    parseJsonBody({ headers: { 'content-type': contentType } } as FastifyRequest, body, (error, parsed) =>
      error ? reject(error) : resolve(parsed),
    ),
  );
const parse = (text: string) => parseBytes(Buffer.from(text, 'utf8'));

describe('the JSON body parser', () => {
  describe('when the bytes are not UTF-8', () => {
    it('refuses them instead of replacing them with U+FFFD', async () => {
      await expect(parseBytes(Buffer.from('{"givenName":"J\u00fcrgen"}', 'latin1'))).rejects.toMatchObject({
        message: 'the body is not valid UTF-8',
      });
    });
  });

  describe('when the content type declares a charset', () => {
    it('reads UTF-8 in any spelling and refuses any other charset with 415', async () => {
      expect(await parseBytes(Buffer.from('{"a":1}'), 'application/json; charset="UTF-8"')).toEqual({ a: 1 });
      expect(await parseBytes(Buffer.from('{"a":1}'), 'application/json;charset=utf8')).toEqual({ a: 1 });
      await expect(parseBytes(Buffer.from('{"a":1}'), 'application/json; charset=ISO-8859-1')).rejects.toMatchObject({
        status: 415,
        message: 'charset iso-8859-1 is not supported; send JSON as UTF-8',
      });
    });
  });

  describe('when the body holds no reserved key', () => {
    it('passes the parsed body on unchanged', async () => {
      expect(await parse('{"evidence":{"kind":"signed-form"},"languages":["de","constructor"]}')).toEqual({
        evidence: { kind: 'signed-form' },
        languages: ['de', 'constructor'],
      });
    });
  });

  describe('when a reserved key sits deep inside objects and arrays', () => {
    it('refuses the body with a validation error naming the path of the key', async () => {
      const refusal = parse('{"agencies":[{"a":1},{"b":{"prototype":{"polluted":true}}}]}');
      await expect(refusal).rejects.toBeInstanceOf(ValidationError);
      await expect(refusal).rejects.toMatchObject({
        message: 'property agencies[1].b.prototype should not exist',
        fields: ['agencies[1].b.prototype'],
      });
    });
  });

  describe('when "__proto__" is a key', () => {
    it('refuses it without the prototype of any object having changed', async () => {
      await expect(parse('{"__proto__":{"polluted":true}}')).rejects.toMatchObject({
        message: 'property __proto__ should not exist',
      });
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  });

  describe('when the body is nested a million levels deep', () => {
    it('walks it without exhausting the call stack', () => {
      const depth = 1_000_000;
      const deep = JSON.parse(`${'['.repeat(depth)}{"constructor":1}${']'.repeat(depth)}`) as unknown;
      expect(firstReservedKey(deep)).toBe(`${'[0]'.repeat(depth)}.constructor`);
    });
  });

  describe('when the body is empty or not JSON', () => {
    it.each([
      ['', 'the body is empty; send a JSON object'],
      ['{"a":', 'the body is not valid JSON'],
    ])('refuses %j with a message that does not quote it', async (text, message) => {
      await expect(parse(text)).rejects.toMatchObject({ message });
    });
  });
});
