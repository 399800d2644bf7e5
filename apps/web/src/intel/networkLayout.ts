import cytoscape from 'cytoscape';

/**
 * The layout of a counterfeiter network, computed by cytoscape without drawing (headless): the
 * reports start on a ring, the indicators and brands they share inside it and the ones a single
 * report holds outside it (cytoscape's concentric layout), then a force-directed pass (cose) pulls
 * each node towards what it is linked to. Starting from those fixed places makes the result
 * deterministic: the same network always looks the same.
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

/** the size cytoscape gives every node: the largest drawn shape and some air */
const NODE_SIZE = 34;
/** room around the drawing for the labels beside and above the nodes */
const LABEL_ROOM_X = 160;
const LABEL_ROOM_Y = 40;

const RING = { shared: 3, report: 2, private: 1 } as const;

/** pairs of nodes weighed by the force-directed pass, all steps together (a few hundred ms) */
const PAIR_STEPS = 4_000_000;

export function layoutNetwork({ reports, satellites }: LayoutInput): Layout {
  const reportIds = new Set(reports.map((r) => r.id));
  const elements: cytoscape.ElementDefinition[] = reports.map((r) => ({ data: { id: r.id, ring: RING.report } }));
  for (const s of satellites) {
    const held = [...new Set(s.reportIds.filter((id) => reportIds.has(id)))];
    elements.push({ data: { id: s.id, ring: held.length > 1 ? RING.shared : RING.private } });
    for (const r of held) elements.push({ data: { id: `${r}→${s.id}`, source: r, target: s.id } });
  }
  const cy = cytoscape({
    headless: true,
    styleEnabled: true,
    elements,
    style: [{ selector: 'node', style: { width: NODE_SIZE, height: NODE_SIZE } }],
  });
  cy.layout({
    name: 'concentric', animate: false, fit: false,
    concentric: (node) => node.data('ring') as number, levelWidth: () => 1, minNodeSpacing: NODE_SIZE,
  }).run();
  // cose weighs every pair of nodes on each step: the steps are cut so that a large network (a
  // hundred reports and their indicators) costs about what a small one does, and the cooling is
  // matched to the steps so the layout still settles
  const n = cy.nodes().length;
  const steps = Math.max(20, Math.min(1000, Math.round(PAIR_STEPS / Math.max(1, (n * n) / 2))));
  cy.layout({
    name: 'cose', animate: false, randomize: false, fit: false,
    idealEdgeLength: () => 70, nodeRepulsion: () => 6000, nodeOverlap: 12, gravity: 0.6,
    numIter: steps, initialTemp: 1000, minTemp: 1, coolingFactor: Math.pow(1 / 1000, 1 / steps),
  } as cytoscape.CoseLayoutOptions).run();

  const positions = new Map<string, Point>();
  cy.nodes().forEach((node) => {
    const { x, y } = node.position();
    positions.set(node.id(), { x, y });
  });
  cy.destroy();

  // the view box fits the drawing (room for labels around it), so a small network is not lost in its frame
  if (positions.size === 0) return { x: 0, y: 0, width: 700, height: 520, positions };
  const xs = [...positions.values()].map((p) => p.x);
  const ys = [...positions.values()].map((p) => p.y);
  const left = Math.min(...xs) - LABEL_ROOM_X;
  const right = Math.max(...xs) + LABEL_ROOM_X;
  const top = Math.min(...ys) - LABEL_ROOM_Y;
  const bottom = Math.max(...ys) + LABEL_ROOM_Y;
  const width = Math.max(360, right - left);
  const height = Math.max(260, bottom - top);
  return { x: left - (width - (right - left)) / 2, y: top - (height - (bottom - top)) / 2, width, height, positions };
}
