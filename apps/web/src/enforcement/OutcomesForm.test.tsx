import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { OutcomesForm, type OutcomeValues } from './OutcomesForm';

const EMPTY = { arrests: 0, unitsSeized: 0, sitesClosed: { manufacturing: 0, warehouse: 0, distribution: 0, retail: 0 }, valueSeized: null };
const descriptionOf = (control: HTMLElement) =>
  (control.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean).map((id) => document.getElementById(id)?.textContent).join(' ');

describe('a case’s outcomes form', () => {
  it('sends the figures and the value seized in minor units, typed in major units', async () => {
    const user = userEvent.setup();
    const onSave = vi.fn<(v: OutcomeValues) => Promise<unknown>>(async () => undefined);
    render(<OutcomesForm initial={EMPTY} onSave={onSave} />);
    await user.clear(screen.getByLabelText('Arrests'));
    await user.type(screen.getByLabelText('Arrests'), '7');
    await user.clear(screen.getByLabelText('Warehouses'));
    await user.type(screen.getByLabelText('Warehouses'), '2');
    await user.type(screen.getByLabelText('Value seized'), '3,600,000,000.50');
    await user.type(screen.getByLabelText('Currency'), 'cny');
    await user.click(screen.getByRole('button', { name: 'Save outcomes' }));
    expect(onSave).toHaveBeenCalledWith({
      arrests: 7, unitsSeized: 0, sitesClosed: { manufacturing: 0, warehouse: 2, distribution: 0, retail: 0 },
      valueSeized: { amountMinor: '360000000050', currency: 'CNY' },
    });
  });

  it('shows the API’s refusal next to the field it names', async () => {
    const user = userEvent.setup();
    const onSave = vi.fn(async () => {
      throw new CombinedGraphQLErrors({ data: null, errors: [{ message: 'arrests above 10,000 for one case: check the figure', extensions: { code: 'BAD_USER_INPUT', field: 'arrests' } }] });
    });
    render(<OutcomesForm initial={EMPTY} onSave={onSave} />);
    await user.type(screen.getByLabelText('Arrests'), '50000');
    await user.click(screen.getByRole('button', { name: 'Save outcomes' }));
    await screen.findByText('arrests above 10,000 for one case: check the figure');
    const arrests = screen.getByLabelText('Arrests');
    expect(arrests.getAttribute('aria-invalid')).toBe('true');
    expect(descriptionOf(arrests)).toContain('arrests above 10,000');
  });

  it('names an unknown currency before asking the API', async () => {
    const user = userEvent.setup();
    const onSave = vi.fn(async () => undefined);
    render(<OutcomesForm initial={EMPTY} onSave={onSave} />);
    await user.type(screen.getByLabelText('Value seized'), '100');
    await user.type(screen.getByLabelText('Currency'), 'xyz');
    await user.click(screen.getByRole('button', { name: 'Save outcomes' }));
    expect(onSave).not.toHaveBeenCalled();
    expect(descriptionOf(screen.getByLabelText('Currency'))).toContain('XYZ is not an ISO 4217 currency');
  });

  it('refuses a malformed amount before asking the API', async () => {
    const user = userEvent.setup();
    const onSave = vi.fn(async () => undefined);
    render(<OutcomesForm initial={EMPTY} onSave={onSave} />);
    await user.type(screen.getByLabelText('Value seized'), '-12');
    await user.type(screen.getByLabelText('Currency'), 'EUR');
    await user.click(screen.getByRole('button', { name: 'Save outcomes' }));
    expect(onSave).not.toHaveBeenCalled();
    expect(descriptionOf(screen.getByLabelText('Value seized'))).toContain('An amount such as 1234.50, without a sign, with at most 2 decimals in EUR');
  });
});
