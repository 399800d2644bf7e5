import { render, screen } from '@testing-library/react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router-dom';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { alertInboxLink, CaseAlerts, type CaseAlertData } from './CaseAlerts';
import { openedFromText } from './labels';

const alert: CaseAlertData = {
  id: 'QWxlcnQ6MWIyYw==', score: 82, brandId: 'QnJhbmQ6OWY=',
  listing: { title: 'Zhenlan casework handbag', url: 'https://item.taobao.com/item.htm?id=640000000901', storeName: 'Store 5559901' },
};

function Where() {
  const { pathname, search } = useLocation();
  return <p data-testid="where">{pathname}{search}</p>;
}

describe('a case’s monitoring alerts', () => {
  it('show each listing (to the listing itself), its store and score, and lead back to the alert inbox on the alert’s brand', async () => {
    render(
      <MemoryRouter initialEntries={['/cases/1']}>
        <Routes><Route path="*" element={<><CaseAlerts alerts={[alert, { ...alert, id: 'b', score: 30, listing: { title: 'Second', url: 'https://x.test/2', storeName: null } }]} /><Where /></>} /></Routes>
      </MemoryRouter>,
    );
    const items = screen.getByRole('list', { name: 'Monitoring alerts' }).querySelectorAll('li');
    expect([...items].map((li) => li.textContent)).toEqual([
      '82 Alert: Zhenlan casework handbag — Store 5559901 (in the alert inbox)',
      '30 Alert: Second (in the alert inbox)',
    ]);
    expect(screen.getByLabelText('score 82').className).toBe('badge score score-high');
    expect(screen.getByLabelText('score 30').className).toBe('badge score score-low');
    const listing = screen.getByRole('link', { name: 'Zhenlan casework handbag' });
    expect(listing.getAttribute('href')).toBe(alert.listing.url);
    expect(listing.getAttribute('rel')).toBe('noreferrer noopener');
    await userEvent.setup().click(screen.getAllByRole('link', { name: 'in the alert inbox' })[0]);
    const where = new URL(screen.getByTestId('where').textContent!, 'http://x');
    expect(where.pathname).toBe('/monitoring/alerts');
    expect(Object.fromEntries(where.searchParams)).toEqual({ brand: alert.brandId, status: 'ANY' });
    expect(alertInboxLink(alert)).toBe(`/monitoring/alerts?brand=${encodeURIComponent(alert.brandId)}&status=ANY`);
  });

  it('show nothing when the reader may read none of them', () => {
    const { container } = render(<MemoryRouter><CaseAlerts alerts={[]} /></MemoryRouter>);
    expect(container.textContent).toBe('');
  });

  it('are counted with the rest of what a new case is opened from', () => {
    const none = { networkIds: [], reportIds: [], takedownIds: [], alertIds: [] };
    expect(openedFromText(none)).toBe('');
    expect(openedFromText({ ...none, alertIds: ['a'] })).toBe('1 monitoring alert');
    expect(openedFromText({ networkIds: ['n'], reportIds: ['r', 's'], takedownIds: ['t'], alertIds: ['a', 'b'] })).toBe('1 network, 2 reports, 1 takedown request, 2 monitoring alerts');
  });
});
