import { describe, expect, it } from '@jest/globals';
import { COUNTRIES_WITH_REGION, REGIONS, regionOf } from './regions.js';

describe('regions', () => {
  it('puts each of the 249 ISO 3166-1 countries in exactly one region', () => {
    expect(COUNTRIES_WITH_REGION).toHaveLength(249);
    const named = REGIONS.flatMap((r) => COUNTRIES_WITH_REGION.filter((c) => regionOf(c) === r));
    expect(named.sort()).toEqual(COUNTRIES_WITH_REGION);
  });

  it('reads codes in any case; no country, or no such country, has no region', () => {
    expect([regionOf('cn'), regionOf('IT'), regionOf('US'), regionOf('BR'), regionOf('NZ'), regionOf('KE')]).toEqual([
      'Asia', 'Europe', 'Northern America', 'Latin America and the Caribbean', 'Oceania', 'Africa',
    ]);
    expect([regionOf(null), regionOf(''), regionOf('XX')]).toEqual([null, null, null]);
  });
});
