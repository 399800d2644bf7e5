import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { placeErrors } from './errors';
import { Field, FormAlert } from './Field';

/** An API answer as CONTRACT.md describes it: each error with `extensions.code`, input errors with `extensions.field`. */
const apiError = (...errors: { message: string; code: string; field?: string }[]) =>
  new CombinedGraphQLErrors({ data: null, errors: errors.map((e) => ({ message: e.message, extensions: { code: e.code, ...(e.field ? { field: e.field } : {}) } })) });

const descriptionOf = (control: HTMLElement) =>
  (control.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean).map((id) => document.getElementById(id)?.textContent).join(' ');

describe('Field', () => {
  it('labels its control and describes it with its hint; no error, no invalid state', () => {
    render(<Field label="Name" hint="As registered"><input /></Field>);
    const input = screen.getByLabelText('Name');
    expect(input.tagName).toBe('INPUT');
    expect(input.getAttribute('aria-invalid')).toBeNull();
    expect(descriptionOf(input)).toBe('As registered');
    expect(input.closest('.field')?.className).toBe('field');
  });

  it('shows the error it is given as the control’s description and marks it invalid', () => {
    render(<Field label="Reason" error="Say why" hint="Optional"><textarea /></Field>);
    const box = screen.getByLabelText('Reason');
    expect(box.getAttribute('aria-invalid')).toBe('true');
    expect(descriptionOf(box)).toBe('Optional Say why');
    expect(box.closest('.field')?.className).toBe('field invalid');
  });

  it('takes the API error whose extensions.field names it, nested paths included; the rest go to the form alert', () => {
    const error = apiError(
      { message: 'Pick a category', code: 'BAD_USER_INPUT', field: 'categoryIds[0]' },
      { message: 'Too long', code: 'BAD_USER_INPUT', field: 'name' },
      { message: 'The membership changed meanwhile', code: 'CONFLICT' },
      { message: 'Unknown field', code: 'BAD_USER_INPUT', field: 'website' },
    );
    const errors = placeErrors(error, ['name', 'categoryIds', 'country']);
    render(
      <form>
        <Field label="Name" name="name" errors={errors}><input /></Field>
        <Field label="Category" name="categoryIds" errors={errors}><select><option>Toys</option></select></Field>
        <Field label="Country" name="country" errors={errors}><input /></Field>
        <FormAlert message={errors.form} />
      </form>,
    );
    expect(descriptionOf(screen.getByLabelText('Name'))).toBe('Too long');
    expect(descriptionOf(screen.getByLabelText('Category'))).toBe('Pick a category');
    expect(screen.getByLabelText('Country').getAttribute('aria-invalid')).toBeNull();
    // nothing is dropped: the CONFLICT and the error of a field the form lacks are in the alert
    expect(screen.getByRole('alert').textContent).toBe('The membership changed meanwhile Unknown field');
  });

  it('an error given directly wins over the placed one; a network failure is a form message', () => {
    const errors = placeErrors(new Error('Failed to fetch'), ['name']);
    render(<><Field label="Name" name="name" errors={{ byField: { name: 'From the API' } }} error="Required"><input /></Field><FormAlert message={errors.form} /></>);
    expect(descriptionOf(screen.getByLabelText('Name'))).toBe('Required');
    expect(screen.getByRole('alert').textContent).toBe('Failed to fetch');
  });
});
