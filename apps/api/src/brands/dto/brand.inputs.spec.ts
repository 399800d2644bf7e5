import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../../common/errors.js';
import { createValidationPipe } from '../../common/validation.js';
import { AddTrademarkInput } from './brand.inputs.js';

const pipe = createValidationPipe();
const validate = (value: unknown) => pipe.transform(value, { type: 'body', metatype: AddTrademarkInput });
const good = { brandId: 'b', office: 'USPTO', registrationNumber: '1234567', niceClasses: [25], ownerName: 'Acme Ltd' };

async function failure(value: unknown) {
  try {
    await validate(value);
  } catch (e) {
    return e as DomainError;
  }
  throw new Error('expected a validation failure');
}

describe('validation pipe', () => {
  it('accepts a good trademark', async () => {
    await expect(validate(good)).resolves.toMatchObject({ niceClasses: [25] });
  });

  it.each([
    [{ niceClasses: [0] }, 'niceClasses'],
    [{ niceClasses: [46] }, 'niceClasses'],
    [{ niceClasses: [3, 3] }, 'niceClasses'],
    [{ ownerName: 'x'.repeat(10_000) }, 'ownerName'],
    [{ office: 'NOPE' }, 'office'],
    [{ registeredOn: '15/01/2020' }, 'registeredOn'],
    [{ evidence: [{ fileId: 'f', kind: 'SELFIE' }] }, 'evidence.0.kind'],
    [{ sneaky: true }, 'sneaky'],
  ])('refuses %j at %s', async (change, field) => {
    const e = await failure({ ...good, ...change });
    expect(e).toBeInstanceOf(DomainError);
    expect({ code: e.code, field: e.field }).toEqual({ code: 'BAD_USER_INPUT', field });
  });
});
