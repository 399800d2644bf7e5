/**
 * A deterministic layout for a counterfeiter network: reports on an ellipse, each indicator or brand
 * held by several reports at the mean of their positions (the shared ones, which make the network,
 * end up in the middle), the ones held by a single report fanned out beyond it; then a few rounds
 * of pushing overlapping nodes apart. No randomness: the same network always looks the same.
 */

export interface LayoutInput {
  reports: readonly { id: string }[];
  /** indicators and brands, with the reports that hold them */
  satellites: readonly { id: string; reportIds: readonly string[] }[];
}

export interface Point {
  x: number;
  y: number;
}

export interface Layout {
  /** the view box: where the drawing starts, and its size */
  x: number;
  y: number;
  width: number;
  height: number;
  positions: Map<string, Point>;
}

const MIN_DISTANCE = 44;
const MARGIN = 60;

export function layoutNetwork({ reports, satellites }: LayoutInput): Layout {
  const total = reports.length + satellites.length;
  const height = Math.round(Math.min(1600, Math.max(520, 95 * Math.sqrt(total))));
  const width = Math.round(height * 1.35);
  const cx = width / 2;
  const cy = height / 2;
  const positions = new Map<string, Point>();

  // reports on an ellipse, the first at the top
  const rx = width * 0.3;
  const ry = height * 0.3;
  reports.forEach((r, i) => {
    if (reports.length === 1) {
      positions.set(r.id, { x: cx, y: cy });
      return;
    }
    const angle = -Math.PI / 2 + (2 * Math.PI * i) / reports.length;
    positions.set(r.id, { x: cx + rx * Math.cos(angle), y: cy + ry * Math.sin(angle) });
  });

  // targets: shared satellites at the mean of their reports, private ones fanned out beyond theirs
  const privateOf = new Map<string, string[]>();
  for (const s of satellites) {
    const held = s.reportIds.filter((id) => positions.has(id));
    if (held.length === 1) privateOf.set(held[0], [...(privateOf.get(held[0]) ?? []), s.id]);
  }
  const targets = new Map<string, Point>();
  // nodes shared by the same reports would sit on one point: spread each such group across the
  // line between its reports (two reports) or around their mean (more)
  const groups = new Map<string, string[]>();
  for (const s of satellites) {
    const held = s.reportIds.filter((id) => positions.has(id));
    if (held.length === 0) targets.set(s.id, { x: cx, y: cy });
    if (held.length < 2) continue;
    const key = [...held].sort().join('|');
    groups.set(key, [...(groups.get(key) ?? []), s.id]);
  }
  for (const [key, ids] of groups) {
    const held = key.split('|').map((id) => positions.get(id)!);
    const mean = { x: held.reduce((a, p) => a + p.x, 0) / held.length, y: held.reduce((a, p) => a + p.y, 0) / held.length };
    ids.forEach((id, k) => {
      if (ids.length === 1) {
        targets.set(id, mean);
      } else if (held.length === 2) {
        const dx = held[1].x - held[0].x;
        const dy = held[1].y - held[0].y;
        const length = Math.hypot(dx, dy) || 1;
        const offset = (k - (ids.length - 1) / 2) * MIN_DISTANCE * 1.2;
        targets.set(id, { x: mean.x - (dy / length) * offset, y: mean.y + (dx / length) * offset });
      } else {
        const angle = (2 * Math.PI * k) / ids.length;
        const radius = MIN_DISTANCE * 0.8 * Math.max(1, ids.length / 5);
        targets.set(id, { x: mean.x + radius * Math.cos(angle), y: mean.y + radius * Math.sin(angle) });
      }
    });
  }
  for (const [reportId, ids] of privateOf) {
    const home = positions.get(reportId)!;
    const centred = reports.length === 1;
    const outward = centred ? -Math.PI / 2 : Math.atan2(home.y - cy, home.x - cx);
    const arc = centred ? 2 * Math.PI : Math.min(Math.PI * 1.2, (ids.length - 1) * 0.9);
    const radius = 80 + Math.max(0, ids.length - 8) * 6;
    ids.forEach((id, k) => {
      const angle = centred
        ? outward + (arc * k) / ids.length
        : outward + (ids.length === 1 ? 0 : -arc / 2 + (arc * k) / (ids.length - 1));
      targets.set(id, { x: home.x + radius * Math.cos(angle), y: home.y + radius * Math.sin(angle) });
    });
  }
  for (const [id, p] of targets) positions.set(id, { ...p });

  // relax: satellites move apart from whatever they overlap and back towards their target
  const movable = new Set(satellites.map((s) => s.id));
  const nodes = [...positions.entries()].map(([id, p]) => ({ id, p, movable: movable.has(id) }));
  const rounds = nodes.length > 400 ? 25 : 80;
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < nodes.length; i++) {
      for (let j = i + 1; j < nodes.length; j++) {
        const a = nodes[i];
        const b = nodes[j];
        if (!a.movable && !b.movable) continue;
        let dx = b.p.x - a.p.x;
        let dy = b.p.y - a.p.y;
        let d = Math.hypot(dx, dy);
        if (d >= MIN_DISTANCE) continue;
        if (d < 0.01) {
          // exactly on top of each other: part them along a direction fixed by their order
          const angle = (j * 2.39996) % (2 * Math.PI);
          dx = Math.cos(angle);
          dy = Math.sin(angle);
          d = 1;
        }
        const push = (MIN_DISTANCE - d) / 2;
        const ux = (dx / d) * push;
        const uy = (dy / d) * push;
        if (a.movable && b.movable) {
          a.p.x -= ux; a.p.y -= uy; b.p.x += ux; b.p.y += uy;
        } else if (a.movable) {
          a.p.x -= 2 * ux; a.p.y -= 2 * uy;
        } else {
          b.p.x += 2 * ux; b.p.y += 2 * uy;
        }
      }
    }
    for (const n of nodes) {
      if (!n.movable) continue;
      const t = targets.get(n.id)!;
      n.p.x += (t.x - n.p.x) * 0.04;
      n.p.y += (t.y - n.p.y) * 0.04;
      n.p.x = Math.min(width - MARGIN, Math.max(MARGIN, n.p.x));
      n.p.y = Math.min(height - MARGIN / 2, Math.max(MARGIN / 2, n.p.y));
    }
  }
  // the view box fits the drawing (room for labels around it), so a small network is not lost in its frame
  if (positions.size === 0) return { x: 0, y: 0, width, height, positions };
  const xs = [...positions.values()].map((p) => p.x);
  const ys = [...positions.values()].map((p) => p.y);
  const left = Math.min(...xs) - 160;
  const right = Math.max(...xs) + 160;
  const top = Math.min(...ys) - 40;
  const bottom = Math.max(...ys) + 40;
  const fitWidth = Math.max(360, right - left);
  const fitHeight = Math.max(260, bottom - top);
  return { x: left - (fitWidth - (right - left)) / 2, y: top - (fitHeight - (bottom - top)) / 2, width: fitWidth, height: fitHeight, positions };
}
