import { describe, expect, it } from 'vitest';
import { citableRights } from './AlertActions';

describe('the rights a takedown from an alert may cite', () => {
  it('are the brand’s verified, unexpired trademarks and other rights, trademarks first', () => {
    const brand = {
      trademarks: [
        { id: 'T1', office: 'CNIPA', registrationNumber: '34920612', verificationStatus: 'VERIFIED', expiresOn: '2031-01-01' },
        { id: 'T2', office: 'EUIPO', registrationNumber: '018000123', verificationStatus: 'PENDING', expiresOn: null },
        { id: 'T3', office: 'USPTO', registrationNumber: '5550001', verificationStatus: 'VERIFIED', expiresOn: '2026-01-01' },
      ],
      ipRights: [{ id: 'R1', kind: 'DESIGN', office: 'CNIPA', number: 'ZL2020300', title: 'Watch face', verificationStatus: 'VERIFIED', expiresOn: null }],
    };
    expect(citableRights(brand, '2026-12-07')).toEqual([
      { value: 'trademark:T1', label: 'Trademark CNIPA 34920612' },
      { value: 'ip:R1', label: 'Design CNIPA ZL2020300 (Watch face)' },
    ]);
    expect(citableRights(undefined, '2026-12-07')).toEqual([]);
  });
});
