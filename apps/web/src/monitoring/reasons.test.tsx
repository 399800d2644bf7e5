import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { describe, expect, it } from 'vitest';
import { AlertReasons } from './AlertReasons';
import { reasonLine, reasonsText, type AlertReasonData } from './reasons';

const network: AlertReasonData = {
  kind: 'SELLER_IN_NETWORK', weight: 45, detail: 'The seller’s store is in a known counterfeiter network', terms: [],
  networks: [{ id: 'Q291bnRlcmZlaXRlck5ldHdvcms6MQ==', summary: { reportCount: 12 } }], hiddenNetworks: 1,
};
const floor: AlertReasonData = { kind: 'PRICE_FLOOR', weight: 35, detail: 'Too cheap to be real: 1999 CNY (minor units) is below …', terms: ['zhenlan'], networks: [], hiddenNetworks: 0 };
const keyword: AlertReasonData = { kind: 'BRAND_KEYWORD', weight: 15, detail: 'Names the brand (Brand name: zhenlan, zhenlan pro)', terms: ['zhenlan', 'zhenlan pro'], networks: [], hiddenNetworks: 0 };

describe('an alert’s reasons', () => {
  it('say what matched in a few words, with the weight, the terms quoted and networks named by their reports', () => {
    expect(reasonLine(keyword)).toMatchObject({ label: 'Names the brand', weight: 15, terms: '“zhenlan”, “zhenlan pro”', networks: [], hidden: null });
    expect(reasonLine(network)).toMatchObject({
      label: 'Seller in a counterfeiter network', terms: null,
      networks: [{ id: network.networks[0].id, label: 'network of 12 reports' }], hidden: '1 network you may not see',
    });
    expect(reasonLine({ ...network, networks: [{ id: 'x', summary: { reportCount: 1 } }], hiddenNetworks: 2 })).toMatchObject({
      networks: [{ label: 'network of 1 report' }], hidden: '2 networks you may not see',
    });
    expect(reasonLine({ ...keyword, kind: 'REPEAT_OFFENDER', terms: [] })).toMatchObject({ label: 'Repeat offender', terms: null });
  });

  it('read as one line each, heaviest first as the API orders them', () => {
    expect(reasonsText([network, floor, keyword])).toBe(
      'Seller in a counterfeiter network (45): network of 12 reports, 1 network you may not see; Below a price floor (35): “zhenlan”; Names the brand (15): “zhenlan”, “zhenlan pro”',
    );
    expect(reasonsText([])).toBe('');
  });

  it('link a network the reader may see to its page, count the others, and keep the API’s sentence as the title', () => {
    render(<MemoryRouter><AlertReasons reasons={[network, keyword]} /></MemoryRouter>);
    const list = screen.getByRole('list', { name: 'Reasons' });
    const items = list.querySelectorAll('li');
    expect(items).toHaveLength(2);
    expect(items[0].textContent).toBe('45 Seller in a counterfeiter network: network of 12 reports, 1 network you may not see');
    expect(items[0].getAttribute('title')).toBe(network.detail);
    expect(screen.getByRole('link', { name: 'network of 12 reports' }).getAttribute('href')).toBe(`/intel/networks/${encodeURIComponent(network.networks[0].id)}`);
    expect(items[1].textContent).toBe('15 Names the brand: “zhenlan”, “zhenlan pro”');
    expect(screen.getByLabelText('weight 45').textContent).toBe('45');
  });
});
