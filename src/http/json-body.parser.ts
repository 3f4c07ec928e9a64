import { UnsupportedMediaTypeException } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ValidationError } from '../shared/errors.js';

/**
 * Keys that name a member of every object (`__proto__`, `constructor`, `toString`, …) or a function's
 * `prototype`. class-transformer skips such keys when it builds a request DTO, so a body carrying one
 * was accepted with the key silently dropped. Rule 9 wants bad input refused with a clear error, so
 * they are refused here, at any depth, before anything else sees the body.
 */
const RESERVED_KEYS = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

/**
 * The path of the first reserved key in a parsed JSON value, or undefined. Iterative, because a body
 * within the size limit can nest deeper than the call stack allows.
 */
export function firstReservedKey(value: unknown): string | undefined {
  interface Step {
    value: unknown;
    key?: string;
    inArray?: boolean;
    parent?: Step;
  }
  // The path is spelled only for a hit: building it at every level would cost the square of the depth.
  const pathOf = (step: Step): string => {
    const parts: string[] = [];
    for (let s: Step | undefined = step; s?.key !== undefined; s = s.parent)
      parts.push(s.inArray ? `[${s.key}]` : `.${s.key}`);
    return parts.reverse().join('').replace(/^\./, '');
  };
  const pending: Step[] = [{ value }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (typeof next.value !== 'object' || next.value === null) continue;
    const inArray = Array.isArray(next.value);
    // Object.keys lists an own "__proto__" too: JSON.parse defines it as a plain data property.
    for (const key of Object.keys(next.value)) {
      const step: Step = { value: (next.value as Record<string, unknown>)[key], key, inArray, parent: next };
      if (!inArray && RESERVED_KEYS.has(key)) return pathOf(step);
      pending.push(step);
    }
  }
  return undefined;
}

/**
 * The JSON body parser of the API (registered with `app.useBodyParser`). Plain `JSON.parse` is safe
 * here: it defines `__proto__` as an own property instead of setting the prototype, and the check
 * refuses the body before any code could copy that key onto another object.
 */
export function parseJsonBody(
  request: FastifyRequest,
  body: Buffer,
  done: (error: Error | null, parsed?: unknown) => void,
): void {
  let parsed: unknown;
  try {
    assertUtf8Charset(request.headers['content-type']);
    parsed = parseJson(body);
  } catch (error) {
    done(error as Error);
    return;
  }
  done(null, parsed);
}

/**
 * JSON travels as UTF-8 (RFC 8259). A body declared in another charset would be read wrongly, so it is
 * refused as an unsupported media type instead of being decoded as if it were UTF-8.
 */
function assertUtf8Charset(contentType: string | undefined): void {
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '')?.[1]?.toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw new UnsupportedMediaTypeException(`charset ${charset} is not supported; send JSON as UTF-8`);
  }
}

/**
 * Strict: invalid bytes fail the request. `Buffer#toString` would put U+FFFD in their place, and a name
 * sent in Latin-1 by an old client would be stored garbled ("A\uFFFDB") and answered 201.
 */
const utf8 = new TextDecoder('utf-8', { fatal: true });

function parseJson(body: Buffer): unknown {
  if (body.length === 0) throw new ValidationError('the body is empty; send a JSON object');
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    throw new ValidationError('the body is not valid UTF-8');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // The parser's own message quotes the input; the caller has it already and the logs need not.
    throw new ValidationError('the body is not valid JSON');
  }
  const reserved = firstReservedKey(parsed);
  if (reserved !== undefined) throw new ValidationError(`property ${reserved} should not exist`, [reserved]);
  return parsed;
}
