import { foldCompanyName } from '../../indicators/src/fold.js';

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

/** Folds a legal name for comparison: case, punctuation, width, diacritics, legal-form words. */
export const foldOwnerName = foldCompanyName;
