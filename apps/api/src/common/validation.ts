import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { registerDecorator, type ValidationOptions } from 'class-validator';
import { DomainError, ErrorCode } from './errors.js';

/** The first failing field, as a path: `brands.0.trademarks.1.niceClasses`. */
function firstFailure(errors: ValidationError[], prefix = ''): { field: string; message: string } | null {
  for (const error of errors) {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    if (error.constraints && Object.keys(error.constraints).length > 0) {
      const message = Object.values(error.constraints)[0];
      return { field: path, message };
    }
    const nested = firstFailure(error.children ?? [], path);
    if (nested) return nested;
  }
  return null;
}

/** The path of the first string holding a NUL character (PostgreSQL text cannot store one). */
export function findNul(value: unknown, path = '', depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path || 'input' : null;
  if (depth > 32) return null;
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const found = findNul(v, path ? `${path}.${i}` : String(i), depth + 1);
      if (found) return found;
    }
  } else if (value && typeof value === 'object' && [Object.prototype, null].includes(Object.getPrototypeOf(value))) {
    // plain input data only: never the request or other framework objects
    for (const [k, v] of Object.entries(value)) {
      const found = findNul(v, path ? `${path}.${k}` : k, depth + 1);
      if (found) return found;
    }
  }
  return null;
}

class CountermarkValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata) {
    const nul = findNul(value);
    if (nul) throw new DomainError(ErrorCode.BAD_USER_INPUT, 'Text may not contain NUL characters', nul);
    return super.transform(value, metadata);
  }
}

/** Rejects unknown fields and reports the field at fault as BAD_USER_INPUT. */
export function createValidationPipe(): ValidationPipe {
  return new CountermarkValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    stopAtFirstError: true,
    exceptionFactory: (errors) => {
      const failure = firstFailure(errors) ?? { field: 'input', message: 'Invalid input' };
      // the message names the field so it reads well on its own; args wrappers (`input.`) are dropped
      const field = failure.field.replace(/^input\./, '');
      return new DomainError(ErrorCode.BAD_USER_INPUT, failure.message, field);
    },
  });
}

/**
 * Base64 checked by scanning, not by a regular expression: validator's regex overflows the stack
 * on inputs of several megabytes (seen with 10 MiB evidence files).
 */
export function IsBase64Content(validationOptions?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isBase64Content',
      target: object.constructor,
      propertyName,
      options: { message: `${propertyName} is not valid base64`, ...validationOptions },
      validator: {
        validate(value: unknown) {
          if (typeof value !== 'string' || value.length % 4 !== 0) return false;
          const end = value.endsWith('==') ? value.length - 2 : value.endsWith('=') ? value.length - 1 : value.length;
          for (let i = 0; i < end; i++) {
            const c = value.charCodeAt(i);
            const ok = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47;
            if (!ok) return false;
          }
          return true;
        },
      },
    });
}
