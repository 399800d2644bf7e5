/**
 * World regions of ISO 3166-1 alpha-2 countries, as the UN's M49 standard groups them (its regions,
 * with the Americas in its two intermediate regions): what an alliance's "members by region" counts.
 */
export const REGIONS = ['Africa', 'Asia', 'Europe', 'Latin America and the Caribbean', 'Northern America', 'Oceania', 'Antarctica'] as const;
export type Region = (typeof REGIONS)[number];

const COUNTRIES: Record<Region, string> = {
  Africa:
    'AO BF BI BJ BW CD CF CG CI CM CV DJ DZ EG EH ER ET GA GH GM GN GQ GW IO KE KM LR LS LY MA MG ML MR MU MW MZ NA NE NG RE RW SC SD SH SL SN SO SS ST SZ TD TF TG TN TZ UG YT ZA ZM ZW',
  Asia:
    'AE AF AM AZ BD BH BN BT CN CY GE HK ID IL IN IQ IR JO JP KG KH KP KR KW KZ LA LB LK MM MN MO MV MY NP OM PH PK PS QA SA SG SY TH TJ TL TM TR TW UZ VN YE',
  Europe:
    'AD AL AT AX BA BE BG BY CH CZ DE DK EE ES FI FO FR GB GG GI GR HR HU IE IM IS IT JE LI LT LU LV MC MD ME MK MT NL NO PL PT RO RS RU SE SI SJ SK SM UA VA',
  'Latin America and the Caribbean':
    'AG AI AR AW BB BL BO BQ BR BS BV BZ CL CO CR CU CW DM DO EC FK GD GF GP GS GT GY HN HT JM KN KY LC MF MQ MS MX NI PA PE PR PY SR SV SX TC TT UY VC VE VG VI',
  'Northern America': 'BM CA GL PM US',
  Oceania: 'AS AU CC CK CX FJ FM GU HM KI MH MP NC NF NR NU NZ PF PG PN PW SB TK TO TV UM VU WF WS',
  Antarctica: 'AQ',
};

const REGION_OF = new Map<string, Region>(REGIONS.flatMap((region) => COUNTRIES[region].split(' ').map((code) => [code, region] as const)));

/** The region of a country code (any case); null for no country or a code that names none. */
export function regionOf(country: string | null | undefined): Region | null {
  return country ? REGION_OF.get(country.toUpperCase()) ?? null : null;
}

/** Every country code with a region. */
export const COUNTRIES_WITH_REGION: readonly string[] = [...REGION_OF.keys()].sort();
