import { IndicatorType, normaliseIndicator } from '../../libs/indicators/src/index.js';
import { ReportKind, SharingLevel } from '../../libs/domain/src/index.js';
import type { ExportIndicator, ExportReport } from '../../apps/api/src/intel-exchange/exchange-report.js';

/** Test data for the exchange specs: reports as the export reads them, keys from the real normaliser. */
export function exportIndicator(type: IndicatorType, rawValue: string, options: { country?: string; qualifier?: string; note?: string } = {}): ExportIndicator {
  const r = normaliseIndicator(type, rawValue, { defaultCountry: options.country, qualifier: options.qualifier });
  if (!r.ok) throw new Error(`${type} ${rawValue}: ${r.reason}`);
  return { type, rawValue, key: r.key, note: options.note ?? null };
}

let sequence = 0;

export function exportReport(overrides: Partial<ExportReport['report']> = {}, indicators: ExportIndicator[] = [], reporterName: string | null = 'Maison Exemple SA'): ExportReport {
  sequence++;
  const id = overrides.id ?? `00000000-0000-4000-8000-${String(sequence).padStart(12, '0')}`;
  return {
    report: {
      id,
      title: `Counterfeit handbag seller ${sequence}`,
      summary: 'Sells copies of the spring collection through two stores.',
      kind: ReportKind.ONLINE_SELLER,
      confidence: 80,
      sharingLevel: SharingLevel.GREEN,
      publishedAt: new Date('2025-03-04T10:00:00.000Z'),
      createdAt: new Date('2025-03-01T09:30:00.000Z'),
      updatedAt: new Date('2025-03-04T10:00:00.000Z'),
      firstObservedOn: '2025-01-15',
      lastObservedOn: '2025-02-28',
      country: 'CN',
      countries: ['CN', 'HK'],
      marketplaces: ['taobao'],
      version: 1,
      ...overrides,
    },
    reporterName,
    indicators,
  };
}

/** Three reports covering every indicator type, the sharing levels and a report without indicators. */
export function sampleReports(): ExportReport[] {
  const T = IndicatorType;
  return [
    exportReport({ id: '3f1c2a9e-8d4b-4c71-9a0e-5b6d7e8f9a01', sharingLevel: SharingLevel.AMBER }, [
      exportIndicator(T.EMAIL, 'Fake.Seller+shop1@GMail.com', { note: 'Used on the invoices' }),
      exportIndicator(T.PHONE, '138 0013 8000', { country: 'CN' }),
      exportIndicator(T.URL, 'https://www.fake-shop.example/Products/Bag?color=red&utm_source=fb'),
      exportIndicator(T.DOMAIN, 'shop.fake-brand.co.uk'),
      exportIndicator(T.IP_ADDRESS, '203.0.113.7'),
      exportIndicator(T.IP_ADDRESS, '2001:db8:0:0:0:0:0:1'),
      exportIndicator(T.MARKETPLACE_STORE, '998877', { qualifier: 'shopee' }),
      exportIndicator(T.MARKETPLACE_LISTING, 'https://item.taobao.com/item.htm?id=654321098765'),
      exportIndicator(T.MESSAGING_HANDLE, 'bags_factory', { qualifier: 'line' }),
      exportIndicator(T.IMAGE_HASH, 'A'.repeat(64)),
      exportIndicator(T.IMAGE_HASH, 'f0e1d2c3b4a59687'),
    ]),
    exportReport({ id: '7a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c02', kind: ReportKind.MANUFACTURER, sharingLevel: SharingLevel.RED, country: 'CN', countries: [], marketplaces: [], summary: '' }, [
      exportIndicator(T.COMPANY_NAME, 'Guangzhou Leather Goods Co., Ltd.'),
      exportIndicator(T.POSTAL_ADDRESS, '12 Baiyun Road, Guangzhou'),
      exportIndicator(T.BANK_ACCOUNT, 'DE89 3704 0044 0532 0130 00'),
      exportIndicator(T.PAYMENT_ACCOUNT, 'alipay 2088 1234 5678'),
      exportIndicator(T.TRACKING_NUMBER, 'ee 123 456 789 cn'),
      exportIndicator(T.PERSON_NAME, 'Li Wei'),
      // the same e-mail as the first report: one SCO for both
      exportIndicator(T.EMAIL, 'fakeseller@gmail.com'),
    ], null),
    exportReport({ id: 'b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d03', kind: ReportKind.OTHER, sharingLevel: SharingLevel.CLEAR, firstObservedOn: null, lastObservedOn: null, country: null, countries: [], marketplaces: [] }, []),
  ];
}
