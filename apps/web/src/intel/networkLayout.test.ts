import { describe, expect, it } from 'vitest';
import { layoutNetwork, type LayoutInput } from './networkLayout';

/** A network of `n` reports in a chain (each shares a phone with the next), each with two private indicators. */
function chain(n: number): LayoutInput {
  const reports = Array.from({ length: n }, (_, i) => ({ id: `r${i}` }));
  const satellites = [
    ...reports.slice(1).map((r, i) => ({ id: `shared${i}`, reportIds: [reports[i].id, r.id] })),
    ...reports.flatMap((r) => [{ id: `${r.id}-a`, reportIds: [r.id] }, { id: `${r.id}-b`, reportIds: [r.id] }]),
  ];
  return { reports, satellites };
}

const distance = (a: { x: number; y: number }, b: { x: number; y: number }) => Math.hypot(a.x - b.x, a.y - b.y);

describe('layoutNetwork (cytoscape, headless)', () => {
  it('places every report, indicator and brand inside the view box', () => {
    const input = chain(6);
    const layout = layoutNetwork(input);
    expect(layout.positions.size).toBe(6 + 5 + 12);
    for (const p of layout.positions.values()) {
      expect(p.x).toBeGreaterThan(layout.x);
      expect(p.x).toBeLessThan(layout.x + layout.width);
      expect(p.y).toBeGreaterThan(layout.y);
      expect(p.y).toBeLessThan(layout.y + layout.height);
    }
  });

  it('is deterministic: the same network always looks the same', () => {
    const first = layoutNetwork(chain(8));
    const second = layoutNetwork(chain(8));
    expect([...second.positions]).toEqual([...first.positions]);
  });

  it('keeps nodes apart and a private indicator nearer its report than the average node', () => {
    const layout = layoutNetwork(chain(5));
    const points = [...layout.positions.values()];
    for (let i = 0; i < points.length; i++) {
      for (let j = i + 1; j < points.length; j++) expect(distance(points[i], points[j])).toBeGreaterThan(10);
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const r2 = layout.positions.get('r2')!;
    const toOwn = distance(r2, layout.positions.get('r2-a')!);
    const toAll = mean(points.map((p) => distance(r2, p)));
    expect(toOwn).toBeLessThan(toAll);
  });

  it('lays out the largest network the page draws (100 reports, 500 indicators) with its nodes apart, and an empty one', () => {
    const big = chain(100);
    big.satellites = [...big.satellites, ...Array.from({ length: 200 }, (_, i) => ({ id: `extra${i}`, reportIds: [`r${i % 100}`] }))];
    const layout = layoutNetwork(big);
    expect(layout.positions.size).toBe(100 + 99 + 200 + 200);
    const reports = big.reports.map((r) => layout.positions.get(r.id)!);
    for (let i = 0; i < reports.length; i++) {
      for (let j = i + 1; j < reports.length; j++) expect(distance(reports[i], reports[j])).toBeGreaterThan(10);
    }
    expect(layoutNetwork({ reports: [], satellites: [] }).positions.size).toBe(0);
  });
});
