import { ValidationPipe, type ValidationError } from '@nestjs/common';
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

/** Rejects unknown fields and reports the field at fault as BAD_USER_INPUT. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
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
