import { describe, expect, it } from '@jest/globals';
import { IndicatorType as T } from './indicator-type.js';
import { allApart, allSame, refused } from './normalise.testing.js';
import { foldAddress } from './postal-address.js';

// issue 18, outcome 2: postal addresses as written
describe('postal addresses fold their abbreviations', () => {
  it('a Guangzhou workshop written five ways (romanised Chinese)', () => {
    expect(
      allSame(T.POSTAL_ADDRESS, [
        'Rm.1203, 12/F, Bldg 5, No.18 Xinhua Rd, Baiyun Dist., Guangzhou, Guangdong Prov.',
        'Room 1203, 12F, Building 5, No. 18 Xinhua Road, Baiyun District, Guangzhou, Guangdong Province',
        'RM 1203 12TH FLOOR BLDG. 5 NO 18 XINHUA ROAD BAIYUN DIST GUANGZHOU GUANGDONG PROVINCE',
        'Room 1203, Floor 12, Building 5, 18 Xinhua Lu, Baiyun Qu, Guangzhou, Guangdong Sheng',
        'Rm1203 Fl.12 Bldg5 No18 Xinhua Rd Baiyun Dist Guangzhou Guangdong Prov',
      ]),
    ).toBe('rm 1203 fl 12 bldg 5 18 xinhua rd baiyun dist guangzhou guangdong prov');
  });

  it('No.18 = No 18 = No. 18 = Number 18 = 18', () => {
    expect(allSame(T.POSTAL_ADDRESS, ['No.18 Jiangnan Avenue', 'No 18 Jiangnan Ave', 'No. 18, Jiangnan Ave.', 'Number 18 Jiangnan Av', '18 Jiangnan Avenue'])).toBe('18 jiangnan ave');
  });

  it('Industrial Park / Ind. Park, Street / St, Building / Bldg', () => {
    expect(allSame(T.POSTAL_ADDRESS, ['Block B, Shajing Industrial Park, Bao’an District, Shenzhen', 'Blk B Shajing Ind. Park Baoan Dist Shenzhen'])).toBe('blk b shajing ind park baoan dist shenzhen');
    expect(allSame(T.POSTAL_ADDRESS, ['Flat F, 18/F, Tower 2, 33 Canton Street, Kowloon', 'FLAT F 18TH FLOOR TWR 2 33 CANTON ST KOWLOON'])).toBe('flat f fl 18 twr 2 33 canton st kowloon');
  });

  it('English-language addresses elsewhere: suffixes, suites, ordinals, directions', () => {
    expect(allSame(T.POSTAL_ADDRESS, ['1600 Pennsylvania Avenue North West, Suite 200, Washington', '1600 Pennsylvania Ave NW Ste 200 Washington'])).toBe('1600 pennsylvania ave nw ste 200 washington');
    expect(allSame(T.POSTAL_ADDRESS, ['350 Fifth Avenue, 21st Floor, New York', '350 Fifth Ave., Fl. 21, New York'])).toBe('350 fifth ave fl 21 new york');
    expect(allSame(T.POSTAL_ADDRESS, ['Unit 4, 22 Harbour Boulevard', 'Unit 4 22 Harbour Blvd.'])).toBe('unit 4 22 harbour blvd');
    expect(allSame(T.POSTAL_ADDRESS, ['5 St James Street', '5 Saint James St'])).toBe('5 st james st');
  });

  it('labels and wrappers stay out of the key', () => {
    expect(allSame(T.POSTAL_ADDRESS, ['Address: 18 Xinhua Road, Guangzhou', '地址：18 Xinhua Rd, Guangzhou', '"18 Xinhua Rd., Guangzhou".'])).toBe('18 xinhua rd guangzhou');
  });

  it('numbers never fold away: two rooms, floors, buildings, street numbers stay apart', () => {
    allApart(T.POSTAL_ADDRESS, [
      'Room 1203, 12/F, Building 5, 18 Xinhua Road',
      'Room 1204, 12/F, Building 5, 18 Xinhua Road',
      'Room 1203, 11/F, Building 5, 18 Xinhua Road',
      'Room 1203, 12/F, Building 6, 18 Xinhua Road',
      'Room 1203, 12/F, Building 5, 19 Xinhua Road',
      'Room 1203, 12/F, Building 5, 18 Xinhua Street',
      'Room 12-03, 12/F, Building 5, 18 Xinhua Road',
    ]);
    // "No. 5 Floor 3" is number 5 on floor 3, not floor 5
    expect(foldAddress('No. 5, Floor 3, Nanshan Rd')).toBe('5 fl 3 nanshan rd');
    allApart(T.POSTAL_ADDRESS, ['No. 5, Floor 3, Nanshan Rd', 'No. 3, Floor 5, Nanshan Rd']);
    // a unit's letter is its own: Flat F is not a floor
    allApart(T.POSTAL_ADDRESS, ['Flat F, 18/F, 33 Canton St', 'Flat E, 18/F, 33 Canton St']);
    allApart(T.POSTAL_ADDRESS, ['Unit 18F, 33 Canton St', 'Unit 18, 33 Canton St']);
  });

  it('bounds its work: a 2,000-character "address" is refused before folding', () => {
    const started = performance.now();
    expect(refused(T.POSTAL_ADDRESS, `Room 1, ${'Building 5 No.18 Road '.repeat(88)}`)).toBe('A postal address has at most 500 characters');
    expect(refused(T.POSTAL_ADDRESS, 'x'.repeat(5000))).toMatch(/longer than 2048/);
    expect(foldAddress('Rm.1 No.2 '.repeat(50)).split(' ')).toHaveLength(150) // rm 1 2, fifty times: "No." adds nothing;
    expect(performance.now() - started).toBeLessThan(200);
    expect(refused(T.POSTAL_ADDRESS, ' , . ')).toBeTruthy();
  });
});
