import { describe, expect, it } from '@jest/globals';
import { barChartSvg, grouped, niceScale } from './impact-chart.svg.js';

describe('impact report charts (SVG)', () => {
  it('picks a round axis top and step at or above the largest bar', () => {
    expect([0, 3, 7, 10, 37, 800, 12_345].map(niceScale)).toEqual([
      { top: 4, step: 1 }, { top: 3, step: 1 }, { top: 8, step: 2 }, { top: 10, step: 5 }, { top: 40, step: 10 }, { top: 800, step: 200 }, { top: 15_000, step: 5_000 },
    ]);
    expect([grouped(0), grouped(999), grouped(1234), grouped('1234567')]).toEqual(['0', '999', '1,234', '1,234,567']);
  });

  it('draws a bar per non-zero value, side by side or stacked, with labels, notes and a legend, names escaped', () => {
    const chart = { width: 400, height: 200, categories: ['Q1', 'Q2 <b>'], series: [{ name: 'A & B', color: '#111', values: [4, 0] }, { name: 'C', color: '#222', values: [2, 6] }] };
    const side = barChartSvg({ ...chart, notes: ['50%', null] });
    // three bars and two legend swatches
    expect(side.match(/<rect /g)).toHaveLength(5);
    expect(side).toContain('>Q2 &lt;b&gt;</text>');
    expect(side).toContain('>A &amp; B</text>');
    expect(side).toContain('>50%</text>');
    expect(side).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="400" height="200"/);
    // stacked, the axis reaches the largest sum (6), side by side the largest value (6): the second category's bar is as tall either way
    const stacked = barChartSvg({ ...chart, stacked: true });
    expect(stacked.match(/<rect /g)).toHaveLength(5);
    const heights = (svg: string) => [...svg.matchAll(/<rect [^>]*height="([\d.]+)" fill="#222"/g)].map((m) => Number(m[1]));
    expect(heights(stacked)[1]).toBeCloseTo(heights(barChartSvg(chart))[1], 5);
  });
});
