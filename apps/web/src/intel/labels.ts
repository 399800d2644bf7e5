import type { IndicatorType, ReportKind, ReportStatus } from '../gql/graphql';

export const REPORT_KINDS: { kind: ReportKind; label: string }[] = [
  { kind: 'ONLINE_SELLER', label: 'Online seller' },
  { kind: 'MANUFACTURER', label: 'Manufacturer' },
  { kind: 'DISTRIBUTOR', label: 'Distributor' },
  { kind: 'LOGISTICS', label: 'Logistics' },
  { kind: 'OTHER', label: 'Other' },
];

export function reportKindLabel(kind: ReportKind): string {
  return REPORT_KINDS.find((k) => k.kind === kind)?.label ?? kind;
}

export const REPORT_STATUSES: { status: ReportStatus; label: string }[] = [
  { status: 'DRAFT', label: 'Draft' },
  { status: 'PUBLISHED', label: 'Published' },
  { status: 'RETRACTED', label: 'Retracted' },
];

export function reportStatusLabel(status: ReportStatus): string {
  return REPORT_STATUSES.find((s) => s.status === status)?.label ?? status;
}

/** Indicator types in the order a reporter meets them, with what a value looks like. */
export const INDICATOR_TYPES: { type: IndicatorType; label: string; example: string }[] = [
  { type: 'PHONE', label: 'Phone', example: '+86 138 0013 8000' },
  { type: 'EMAIL', label: 'E-mail', example: 'seller@example.com' },
  { type: 'URL', label: 'URL', example: 'https://shop.example.com/item/1' },
  { type: 'DOMAIN', label: 'Domain', example: 'shop.example.com' },
  { type: 'MARKETPLACE_STORE', label: 'Marketplace store', example: 'https://shop123.taobao.com' },
  { type: 'MARKETPLACE_LISTING', label: 'Marketplace listing', example: 'https://item.taobao.com/item.htm?id=123' },
  { type: 'PAYMENT_ACCOUNT', label: 'Payment account', example: 'pay@example.com' },
  { type: 'BANK_ACCOUNT', label: 'Bank account', example: 'GB29 NWBK 6016 1331 9268 19' },
  { type: 'MESSAGING_HANDLE', label: 'Messaging handle', example: 'wechat:seller123' },
  { type: 'POSTAL_ADDRESS', label: 'Postal address', example: '12 Market St, Guangzhou' },
  { type: 'COMPANY_NAME', label: 'Company name', example: 'Shiny Trading Co., Ltd.' },
  { type: 'PERSON_NAME', label: 'Person name', example: 'Li Wei' },
  { type: 'IP_ADDRESS', label: 'IP address', example: '203.0.113.7' },
  { type: 'TRACKING_NUMBER', label: 'Tracking number', example: 'SF1234567890' },
  { type: 'IMAGE_HASH', label: 'Image hash', example: '16, 32, 40 or 64 hex digits' },
];

export function indicatorTypeLabel(type: IndicatorType): string {
  return INDICATOR_TYPES.find((t) => t.type === type)?.label ?? type;
}
