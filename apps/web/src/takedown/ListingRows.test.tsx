import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { listingRowErrors, ListingsTable, newListing, type ListingDraft, type ListingErrors, type ParseListing } from './ListingRows';

const UNKNOWN = 'Not an address of a marketplace the alliance works with (Taobao, Lotusmart)';

/** The API as the filing form sees it: Taobao's addresses read, anything else refused naming the known marketplaces. */
const fakeApi = () => vi.fn<ParseListing>(async (url) => {
  const id = /item\.taobao\.com\/item\.htm\?id=(\d+)/.exec(url)?.[1];
  if (id) return { marketplace: { name: 'Taobao' }, listingId: id, storeId: null };
  throw new CombinedGraphQLErrors({ data: null, errors: [{ message: UNKNOWN, extensions: { code: 'BAD_USER_INPUT', field: 'url' } }] });
});

const descriptionOf = (control: HTMLElement) =>
  (control.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean).map((id) => document.getElementById(id)?.textContent).join(' ');

function Listings({ parse, errors = new Map(), initial }: { parse: ParseListing; errors?: Map<number, ListingErrors>; initial?: ListingDraft[] }) {
  const [rows, setRows] = useState<ListingDraft[]>(() => initial ?? [newListing()]);
  return <ListingsTable rows={rows} onChange={setRows} parse={parse} errors={errors} />;
}

describe('listing rows of the filing form', () => {
  it('reads a URL once typing pauses: the marketplace and listing id become the input’s description', async () => {
    const user = userEvent.setup();
    const parse = fakeApi();
    render(<Listings parse={parse} />);
    const url = screen.getByLabelText('URL of listing 1');
    await user.type(url, 'https://item.taobao.com/item.htm?id=123456');
    await screen.findByText('Taobao');
    expect(descriptionOf(url)).toBe('Taobao · listing 123456');
    expect(url.getAttribute('aria-invalid')).toBeNull();
    // typed letter by letter, asked once
    expect(parse).toHaveBeenCalledTimes(1);
    expect(parse).toHaveBeenCalledWith('https://item.taobao.com/item.htm?id=123456');
  });

  it('shows the API’s refusal of an unknown marketplace on that row only, and marks it invalid', async () => {
    const user = userEvent.setup();
    render(<Listings parse={fakeApi()} />);
    await user.type(screen.getByLabelText('URL of listing 1'), 'https://item.taobao.com/item.htm?id=1');
    await user.click(screen.getByRole('button', { name: 'Add listing' }));
    const second = screen.getByLabelText('URL of listing 2');
    await user.type(second, 'https://fakes.example/item/9');
    await screen.findByText(UNKNOWN);
    expect(second.getAttribute('aria-invalid')).toBe('true');
    expect(descriptionOf(second)).toBe(UNKNOWN);
    expect(descriptionOf(screen.getByLabelText('URL of listing 1'))).toBe('Taobao · listing 1');

    // removing the first row renumbers the rest and keeps what was read
    await user.click(screen.getByRole('button', { name: 'Remove listing 1' }));
    expect(descriptionOf(screen.getByLabelText('URL of listing 1'))).toBe(UNKNOWN);
    expect(within(screen.getByRole('table', { name: 'Listings' })).getAllByRole('row')).toHaveLength(2);
  });

  it('places the API’s errors of a refused filing on the rows it names, by the rows that were sent', async () => {
    const rows = [newListing(), newListing(), newListing()];
    // the empty middle row was not sent: the API's listings.1 is the third row
    const errors = listingRowErrors(
      new CombinedGraphQLErrors({
        data: null,
        errors: [
          { message: 'The same listing as listing 1', extensions: { code: 'BAD_USER_INPUT', field: 'listings.1.url' } },
          { message: 'A price needs its currency', extensions: { code: 'BAD_USER_INPUT', field: 'listings[0].currency' } },
          { message: 'A request names 1 to 300 listings', extensions: { code: 'BAD_USER_INPUT', field: 'listings' } },
        ],
      }),
      [rows[0].rowId, rows[2].rowId],
    );
    expect(errors.get(rows[2].rowId)).toEqual({ url: 'The same listing as listing 1' });
    expect(errors.get(rows[0].rowId)).toEqual({ currency: 'A price needs its currency' });
    expect(errors.has(rows[1].rowId)).toBe(false);

    render(<Listings parse={fakeApi()} errors={errors} initial={rows} />);
    expect(descriptionOf(screen.getByLabelText('URL of listing 3'))).toBe('The same listing as listing 1');
    expect(screen.getByLabelText('URL of listing 3').getAttribute('aria-invalid')).toBe('true');
    expect(descriptionOf(screen.getByLabelText('Currency of listing 1'))).toBe('A price needs its currency');
  });
});
