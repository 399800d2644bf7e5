export enum OrganisationKind {
  BRAND_OWNER = 'BRAND_OWNER',
  AUTHORISED_AGENT = 'AUTHORISED_AGENT',
  MARKETPLACE = 'MARKETPLACE',
  LAW_ENFORCEMENT = 'LAW_ENFORCEMENT',
  GOVERNMENT_AGENCY = 'GOVERNMENT_AGENCY',
  TRADE_ASSOCIATION = 'TRADE_ASSOCIATION',
  ACADEMIA = 'ACADEMIA',
  ALLIANCE_OFFICE = 'ALLIANCE_OFFICE',
}

export enum PartnerKind {
  LAW_ENFORCEMENT = 'LAW_ENFORCEMENT',
  GOVERNMENT_AGENCY = 'GOVERNMENT_AGENCY',
  TRADE_ASSOCIATION = 'TRADE_ASSOCIATION',
  ACADEMIA = 'ACADEMIA',
  MARKETPLACE = 'MARKETPLACE',
}

export enum CategoryStatus {
  ACTIVE = 'ACTIVE',
  RETIRED = 'RETIRED',
}

/** Each new alliance starts with these; coordinators rename, add, merge and retire them. */
export const DEFAULT_INDUSTRY_CATEGORIES: readonly string[] = [
  'Apparel & Footwear',
  'Luxury & Accessories',
  'Beauty & Personal Care',
  'Consumer Electronics',
  'Pharmaceuticals & Health',
  'Food & Beverage',
  'Automotive Parts',
  'Toys & Games',
  'Sports & Outdoor',
  'Home & Household',
  'Software, Media & Entertainment',
  'Industrial & Chemicals',
];
