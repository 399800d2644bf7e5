export enum TrademarkOffice {
  CNIPA = 'CNIPA',
  USPTO = 'USPTO',
  EUIPO = 'EUIPO',
  WIPO = 'WIPO',
  JPO = 'JPO',
  UKIPO = 'UKIPO',
  KIPO = 'KIPO',
  OTHER = 'OTHER',
}

export enum TrademarkVerificationStatus {
  PENDING = 'PENDING',
  VERIFIED = 'VERIFIED',
  REJECTED = 'REJECTED',
}

export const NICE_CLASS_MIN = 1;
export const NICE_CLASS_MAX = 45;

export enum EvidenceKind {
  REGISTRATION_CERTIFICATE = 'REGISTRATION_CERTIFICATE',
  AUTHORISATION_LETTER = 'AUTHORISATION_LETTER',
  OTHER = 'OTHER',
}

/** Folds a legal name for comparison: case, punctuation, width, diacritics, legal-form noise. */
export function foldOwnerName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\./g, '') // S.A. → sa, Co. → co
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .replace(/\b(inc|incorporated|ltd|limited|llc|gmbh|ag|sa|sas|spa|srl|bv|nv|plc|co|corp|corporation|company|kk|oy|ab)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
