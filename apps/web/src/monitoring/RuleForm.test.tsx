import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { RuleForm, type PreviewResult } from './RuleForm';
import { EMPTY_DRAFT, type RuleFields } from './ruleForm';

const descriptionOf = (control: HTMLElement) =>
  (control.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean).map((id) => document.getElementById(id)?.textContent).join(' ');

const PREVIEW: PreviewResult = {
  since: '2026-11-07T10:00:00.000Z', matched: 23,
  listings: [{ marketplaceId: 'M1', listingId: '880001', url: 'https://item.taobao.com/item.htm?id=880001', title: 'Zhenlan sneakers original', price: { amount: '19.90', currency: 'CNY' }, storeId: 'shop-1', storeName: 'Store shop-1', firstSeenAt: '2026-12-01T08:00:00.000Z' }],
};

function setup(canSave = true) {
  const onPreview = vi.fn<(f: RuleFields) => Promise<PreviewResult>>(async () => PREVIEW);
  const onSave = vi.fn<(f: RuleFields) => Promise<unknown>>(async () => undefined);
  render(<RuleForm label="New rule" initial={EMPTY_DRAFT} canSave={canSave} marketplaceName={(id) => (id === 'M1' ? 'Taobao' : '?')} onPreview={onPreview} onSave={onSave} />);
  return { user: userEvent.setup(), onPreview, onSave };
}

describe('the monitoring rule form', () => {
  it('previews the rule as typed (count and sample), says when it changed since, then saves it', async () => {
    const { user, onPreview, onSave } = setup();
    await user.type(screen.getByLabelText('Name'), 'Sneakers');
    await user.type(screen.getByLabelText('Names and variants'), 'Zhenlan Sneakers');
    expect(descriptionOf(screen.getByLabelText('Names and variants'))).toContain('Searched as: zhenlan sneakers');
    await user.click(screen.getByRole('button', { name: 'Preview' }));
    expect(onPreview).toHaveBeenCalledWith({ kind: 'KEYWORD', name: 'Sneakers', terms: ['Zhenlan Sneakers'], excludedTerms: [], floor: null, images: null, maxDistance: null });
    const status = await screen.findByRole('status');
    expect(status.textContent).toBe('Would have matched 23 listings seen since 2026-11-07 10:00 UTC (the 1 most recent below).');
    const table = screen.getByRole('table', { name: 'Listings the rule would have matched' });
    expect(table.querySelector('tbody tr')?.textContent).toBe('Zhenlan sneakers originalTaobaoStore shop-1CNY 19.902026-12-01 08:00 UTC');
    expect(onSave).not.toHaveBeenCalled();

    await user.type(screen.getByLabelText('Excluded words'), 'case for');
    expect(screen.getByRole('status').textContent).toContain('The rule changed since: preview again');
    await user.click(screen.getByRole('button', { name: 'Save rule' }));
    expect(onSave).toHaveBeenCalledWith(expect.objectContaining({ terms: ['Zhenlan Sneakers'], excludedTerms: ['case for'] }));
  });

  it('names mistakes on their fields before asking the API, and shows the API’s refusal on the field it names', async () => {
    const { user, onPreview, onSave } = setup();
    await user.selectOptions(screen.getByLabelText('Kind'), 'PRICE_FLOOR');
    await user.type(screen.getByLabelText('Name'), 'Too cheap');
    await user.type(screen.getByLabelText('Product line words'), '(.*)+');
    await user.type(screen.getByLabelText('Floor'), '200');
    await user.type(screen.getByLabelText('Currency'), 'cnx');
    await user.click(screen.getByRole('button', { name: 'Preview' }));
    expect(onPreview).not.toHaveBeenCalled();
    expect(descriptionOf(screen.getByLabelText('Product line words'))).toContain('has no letter or digit');
    expect(descriptionOf(screen.getByLabelText('Currency'))).toContain('CNX is not an ISO 4217 currency');
    // typing again clears the field's message
    await user.clear(screen.getByLabelText('Currency'));
    expect(screen.getByLabelText('Currency').getAttribute('aria-invalid')).toBeNull();

    await user.type(screen.getByLabelText('Currency'), 'CNY');
    await user.clear(screen.getByLabelText('Product line words'));
    await user.type(screen.getByLabelText('Product line words'), 'handbag');
    onSave.mockRejectedValueOnce(new CombinedGraphQLErrors({ data: null, errors: [{ message: 'A floor is a whole number of minor units from 1 to 1000000000000000', extensions: { code: 'BAD_USER_INPUT', field: 'floor.amountMinor' } }] }));
    await user.click(screen.getByRole('button', { name: 'Save rule' }));
    expect(onSave).toHaveBeenCalledWith(expect.objectContaining({ kind: 'PRICE_FLOOR', floor: { amountMinor: '20000', currency: 'CNY' } }));
    await screen.findByText('A floor is a whole number of minor units from 1 to 1000000000000000');
    expect(screen.getByLabelText('Floor').getAttribute('aria-invalid')).toBe('true');

    // a refusal without a field (the brand is not the caller's) goes to the form's alert
    onSave.mockRejectedValueOnce(new CombinedGraphQLErrors({ data: null, errors: [{ message: 'Only the brand owner’s admins edit its monitoring rules', extensions: { code: 'FORBIDDEN' } }] }));
    await user.click(screen.getByRole('button', { name: 'Save rule' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Only the brand owner’s admins edit its monitoring rules');
  });

  it('lets an analyst preview but not save', async () => {
    const { user, onPreview } = setup(false);
    expect(screen.queryByRole('button', { name: 'Save rule' })).toBeNull();
    await user.type(screen.getByLabelText('Name'), 'Names');
    await user.type(screen.getByLabelText('Names and variants'), 'zhenlan');
    await user.click(screen.getByRole('button', { name: 'Preview' }));
    expect(onPreview).toHaveBeenCalled();
    await screen.findByText('23 listings');
  });

  it('takes pictures for an image rule, read as base64', async () => {
    const { user, onPreview } = setup();
    await user.selectOptions(screen.getByLabelText('Kind'), 'IMAGE');
    expect(screen.queryByLabelText('Names and variants')).toBeNull();
    await user.type(screen.getByLabelText('Name'), 'Logo');
    await user.upload(screen.getByLabelText('Pictures'), new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], 'logo.png', { type: 'image/png' }));
    await screen.findByRole('button', { name: 'Remove logo.png' });
    await user.click(screen.getByRole('button', { name: 'Preview' }));
    expect(onPreview).toHaveBeenCalledWith({ kind: 'IMAGE', name: 'Logo', terms: [], excludedTerms: [], floor: null, images: ['iVBORw=='], maxDistance: 10 });
  });
});
