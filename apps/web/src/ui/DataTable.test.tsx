import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { DataTable, type Column } from './DataTable';

interface Member { id: string; name: string; brands: number }

const MEMBERS: Member[] = [
  { id: 'a', name: 'Zhenlan Electronics', brands: 3 },
  { id: 'b', name: 'Aurora Textiles', brands: 12 },
  { id: 'c', name: 'Meridian Foods', brands: 1 },
];

const COLUMNS: Column<Member>[] = [
  { id: 'name', header: 'Organisation', cell: (m) => m.name, sortValue: (m) => m.name },
  { id: 'brands', header: 'Brands', cell: (m) => m.brands, sortValue: (m) => m.brands, className: 'num' },
  { id: 'id', header: 'Id', cell: (m) => <code>{m.id}</code> },
];

const bodyRows = () => within(screen.getByRole('table', { name: 'Members' })).getAllByRole('row').slice(1);
const firstCells = () => bodyRows().map((r) => within(r).getAllByRole('cell')[0].textContent);

describe('DataTable', () => {
  it('renders a named table with a header and one row per item, in the order given', () => {
    render(<DataTable label="Members" columns={COLUMNS} rows={MEMBERS} rowKey={(m) => m.id} />);
    const table = screen.getByRole('table', { name: 'Members' });
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Organisation', 'Brands', 'Id']);
    expect(firstCells()).toEqual(['Zhenlan Electronics', 'Aurora Textiles', 'Meridian Foods']);
    expect(within(bodyRows()[1]).getAllByRole('cell')[1]).toHaveProperty('className', 'num');
  });

  it('sorts by a sortable column: ascending, descending, then back to the order given', async () => {
    const user = userEvent.setup();
    render(<DataTable label="Members" columns={COLUMNS} rows={MEMBERS} rowKey={(m) => m.id} />);
    const brands = screen.getByRole('columnheader', { name: /Brands/ });
    expect(brands.getAttribute('aria-sort')).toBe('none');
    await user.click(within(brands).getByRole('button'));
    // numbers sort as numbers: 1, 3, 12 (not 1, 12, 3); tanstack starts numeric columns descending
    const order = firstCells();
    expect([order, [...order].reverse()]).toContainEqual(['Meridian Foods', 'Zhenlan Electronics', 'Aurora Textiles']);
    const first = brands.getAttribute('aria-sort');
    expect(['ascending', 'descending']).toContain(first);
    await user.click(within(brands).getByRole('button'));
    expect(firstCells()).toEqual([...order].reverse());
    expect(brands.getAttribute('aria-sort')).toBe(first === 'ascending' ? 'descending' : 'ascending');
    await user.click(within(brands).getByRole('button'));
    expect(firstCells()).toEqual(['Zhenlan Electronics', 'Aurora Textiles', 'Meridian Foods']);

    await user.click(within(screen.getByRole('columnheader', { name: /Organisation/ })).getByRole('button'));
    expect(firstCells()).toEqual(['Aurora Textiles', 'Meridian Foods', 'Zhenlan Electronics']);
    // a column without a sort value has no button
    expect(within(screen.getByRole('columnheader', { name: 'Id' })).queryByRole('button')).toBeNull();
  });

  it('pages on the client: previous and next, and the page count', async () => {
    const user = userEvent.setup();
    const many = Array.from({ length: 7 }, (_, i) => ({ id: String(i), name: `Member ${i + 1}`, brands: i }));
    render(<DataTable label="Members" columns={COLUMNS} rows={many} rowKey={(m) => m.id} pageSize={3} />);
    const pager = screen.getByRole('navigation', { name: 'Pages of Members' });
    expect(firstCells()).toEqual(['Member 1', 'Member 2', 'Member 3']);
    expect(pager.textContent).toContain('Page 1 of 3');
    expect(within(pager).getByRole('button', { name: 'Previous' })).toHaveProperty('disabled', true);
    await user.click(within(pager).getByRole('button', { name: 'Next' }));
    await user.click(within(pager).getByRole('button', { name: 'Next' }));
    expect(firstCells()).toEqual(['Member 7']);
    expect(within(pager).getByRole('button', { name: 'Next' })).toHaveProperty('disabled', true);
    await user.click(within(pager).getByRole('button', { name: 'Previous' }));
    expect(firstCells()).toEqual(['Member 4', 'Member 5', 'Member 6']);
  });

  it('asks a connection for more while it has a next page, and is busy while it loads', async () => {
    const user = userEvent.setup();
    const onLoadMore = vi.fn();
    const { rerender } = render(<DataTable label="Members" columns={COLUMNS} rows={MEMBERS} rowKey={(m) => m.id}
      loadMore={{ hasNextPage: true, onLoadMore }} />);
    await user.click(screen.getByRole('button', { name: 'Load more' }));
    expect(onLoadMore).toHaveBeenCalledTimes(1);

    rerender(<DataTable label="Members" columns={COLUMNS} rows={MEMBERS} rowKey={(m) => m.id}
      loadMore={{ hasNextPage: true, loading: true, onLoadMore }} />);
    const busy = screen.getByRole('button', { name: 'Loading…' });
    expect(busy).toHaveProperty('disabled', true);
    expect(busy.getAttribute('aria-busy')).toBe('true');

    rerender(<DataTable label="Members" columns={COLUMNS} rows={MEMBERS} rowKey={(m) => m.id}
      loadMore={{ hasNextPage: false, onLoadMore }} />);
    expect(screen.queryByRole('button', { name: /Load more|Loading/ })).toBeNull();
  });

  it('shows its loading, empty and error states instead of an empty table', () => {
    const { rerender } = render(<DataTable label="Members" columns={COLUMNS} rows={undefined} rowKey={(m) => m.id} loading />);
    expect(screen.getByText('Loading…')).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();

    rerender(<DataTable label="Members" columns={COLUMNS} rows={[]} rowKey={(m) => m.id} empty={<p>No member yet.</p>} />);
    expect(screen.getByText('No member yet.')).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();

    rerender(<DataTable label="Members" columns={COLUMNS} rows={[]} rowKey={(m) => m.id} error={{ message: 'Not allowed' }} />);
    expect(screen.getByRole('alert').textContent).toBe('Not allowed');
    expect(screen.queryByText('No member yet.')).toBeNull();

    // an error over rows already shown keeps them
    rerender(<DataTable label="Members" columns={COLUMNS} rows={MEMBERS} rowKey={(m) => m.id} error={{ message: 'Could not load more' }} />);
    expect(screen.getByRole('alert').textContent).toBe('Could not load more');
    expect(bodyRows()).toHaveLength(3);
  });

  it('keeps the state of what a cell holds when the page re-renders with new column objects', async () => {
    const user = userEvent.setup();
    function Toggle() {
      const [open, setOpen] = useState(false);
      return <button type="button" onClick={() => setOpen(true)}>{open ? 'Open' : 'Closed'}</button>;
    }
    const columns = (): Column<Member>[] => [...COLUMNS, { id: 'toggle', header: 'Toggle', cell: () => <Toggle /> }];
    const { rerender } = render(<DataTable label="Members" columns={columns()} rows={MEMBERS} rowKey={(m) => m.id} />);
    await user.click(within(bodyRows()[0]).getByRole('button', { name: 'Closed' }));
    rerender(<DataTable label="Members" columns={columns()} rows={[...MEMBERS]} rowKey={(m) => m.id} />);
    expect(within(bodyRows()[0]).getByRole('button').textContent).toBe('Open');
  });

  it('gives rows the attributes asked for', () => {
    render(<DataTable label="Members" columns={COLUMNS} rows={MEMBERS} rowKey={(m) => m.id}
      rowProps={(m, i) => ({ className: 'member-row', 'data-row': i + 1, title: m.name })} />);
    const second = bodyRows()[1];
    expect(second.className).toBe('member-row');
    expect(second.getAttribute('data-row')).toBe('2');
  });
});
