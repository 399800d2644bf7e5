import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { describe, expect, it } from 'vitest';
import { StoreStanding, type Standing } from './StoreStanding';

const show = (standing: Standing) => render(<MemoryRouter><StoreStanding standing={standing} /></MemoryRouter>);

describe('a store’s standing on the strike ladder', () => {
  it('shows nothing for a store without strikes', () => {
    const { container } = show({ level: 'NONE', strikes: 0, relatedStrikes: 0, relatedStores: [] });
    expect(container.textContent).toBe('');
  });

  it('shows the level and its own strikes, with when the oldest leaves the window', () => {
    show({ level: 'WARNING', strikes: 1, relatedStrikes: 0, oldestExpiresAt: '2027-03-01T10:00:00.000Z', relatedStores: [] });
    const badge = screen.getByText('Warning: 1 strike');
    expect(badge.getAttribute('title')).toContain('2027-03-01 10:00 UTC');
    expect(screen.queryByText(/related stores/)).toBeNull();
  });

  it('splits the strikes into its own and those of related stores, naming each store the caller may see with a link to the shared network', () => {
    const { container } = show({
      level: 'FLAGGED', strikes: 4, relatedStrikes: 3, relatedStores: [
        { networkId: 'Q291bnRlcmZlaXRlck5ldHdvcms6MQ==', storeKey: 'taobao:store:777', strikes: 2 },
      ],
    });
    expect(screen.getByText('Repeat infringer: 4 strikes')).toBeTruthy();
    expect(container.textContent).toContain('(1 strike of its own, 3 strikes through related stores: taobao:store:777 (2 strikes, shared network); 1 strike on stores in networks you cannot see)');
    expect(screen.getByRole('link', { name: 'shared network' }).getAttribute('href')).toBe('/intel/networks/Q291bnRlcmZlaXRlck5ldHdvcms6MQ==');
  });

  it('counts related strikes without naming stores when the caller may see none of their networks', () => {
    const { container } = show({ level: 'WARNING', strikes: 2, relatedStrikes: 2, relatedStores: [] });
    expect(container.textContent).toContain('(0 strikes of its own, 2 strikes through related stores)');
    expect(screen.queryByRole('link')).toBeNull();
  });
});
