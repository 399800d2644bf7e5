import { useId, useMemo } from 'react';
import { useNavigate } from 'react-router-dom';
import { sharingLevelLabel } from '../common/format';
import type { IndicatorType, SharingLevel } from '../gql/graphql';
import { indicatorTypeLabel } from './labels';
import { layoutNetwork } from './networkLayout';

export interface GraphReport {
  id: string;
  title: string;
  sharingLevel: SharingLevel;
  reporter?: string;
  indicators: readonly { type: IndicatorType; key: string }[];
  brands: readonly { id: string; name: string }[];
}

/** A report's keys in the graph: its indicators' own and those derived from them (a URL's domain, …), which link reports too. */
export function linkingKeys(indicators: readonly { type: IndicatorType; key: string; derivedKeys: readonly { type: IndicatorType; key: string }[] }[]) {
  const keys = new Map<string, { type: IndicatorType; key: string }>();
  for (const k of [...indicators, ...indicators.flatMap((i) => i.derivedKeys)]) if (!keys.has(`${k.type}:${k.key}`)) keys.set(`${k.type}:${k.key}`, { type: k.type, key: k.key });
  return [...keys.values()];
}

const indicatorId = (type: string, key: string) => `indicator:${type}:${key}`;
const brandId = (id: string) => `brand:${id}`;
const short = (text: string, max = 22) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** Colours per family of indicator, so a glance tells contact details from payment or places. */
function indicatorFamily(type: IndicatorType): string {
  switch (type) {
    case 'PHONE': case 'EMAIL': case 'MESSAGING_HANDLE': return 'contact';
    case 'URL': case 'DOMAIN': case 'IP_ADDRESS': return 'web';
    case 'MARKETPLACE_STORE': case 'MARKETPLACE_LISTING': return 'marketplace';
    case 'PAYMENT_ACCOUNT': case 'BANK_ACCOUNT': return 'money';
    default: return 'other';
  }
}

/**
 * The network drawn as an inline SVG: a node per report (in its TLP colour), per indicator (by type
 * and key) and per brand; an edge from each report to the indicators and brands it holds. Where the
 * nodes go is cytoscape's (`layoutNetwork`, headless); the drawing stays SVG rather than cytoscape's
 * canvas so that every node is an element a screen reader (and a test) can find: each has a <title>
 * and a data-node attribute (report, indicator, brand), and report nodes are links to the report.
 */
export function NetworkGraph({ reports }: { reports: readonly GraphReport[] }) {
  const navigate = useNavigate();
  const titleId = useId();
  const graph = useMemo(() => {
    const indicators = new Map<string, { type: IndicatorType; key: string; reportIds: string[] }>();
    const brands = new Map<string, { name: string; reportIds: string[] }>();
    const edges: { from: string; to: string; kind: 'indicator' | 'brand' }[] = [];
    for (const r of reports) {
      for (const i of r.indicators) {
        const id = indicatorId(i.type, i.key);
        const node = indicators.get(id) ?? { type: i.type, key: i.key, reportIds: [] };
        if (!node.reportIds.includes(r.id)) {
          node.reportIds.push(r.id);
          edges.push({ from: r.id, to: id, kind: 'indicator' });
        }
        indicators.set(id, node);
      }
      for (const b of r.brands) {
        const id = brandId(b.id);
        const node = brands.get(id) ?? { name: b.name, reportIds: [] };
        if (!node.reportIds.includes(r.id)) {
          node.reportIds.push(r.id);
          edges.push({ from: r.id, to: id, kind: 'brand' });
        }
        brands.set(id, node);
      }
    }
    const layout = layoutNetwork({
      reports,
      satellites: [...[...indicators].map(([id, n]) => ({ id, reportIds: n.reportIds })), ...[...brands].map(([id, n]) => ({ id, reportIds: n.reportIds }))],
    });
    return { indicators, brands, edges, layout };
  }, [reports]);

  const { layout } = graph;
  const at = (id: string) => layout.positions.get(id) ?? { x: 0, y: 0 };
  // labels point away from the middle of the drawing, so neighbours' labels do not run into each other
  const middle = layout.x + layout.width / 2;
  const labelAt = (x: number, below: number) =>
    x < middle - 30 ? { x: -14, y: 4, textAnchor: 'end' as const }
    : x > middle + 30 ? { x: 14, y: 4, textAnchor: 'start' as const }
    : { x: 0, y: below, textAnchor: 'middle' as const };
  return (
    <figure className="network-graph">
      <svg viewBox={`${layout.x} ${layout.y} ${layout.width} ${layout.height}`} role="group" aria-labelledby={titleId} className="graph">
        <title id={titleId}>
          Network graph: {reports.length} reports, {graph.indicators.size} indicators, {graph.brands.size} brands
        </title>
        <g className="edges" aria-hidden="true">
          {graph.edges.map((e) => {
            const a = at(e.from);
            const b = at(e.to);
            return <line key={`${e.from}|${e.to}`} x1={a.x} y1={a.y} x2={b.x} y2={b.y} className={`edge edge-${e.kind}`} data-edge={e.kind} />;
          })}
        </g>
        <g className="nodes">
          {[...graph.indicators].map(([id, n]) => {
            const p = at(id);
            const label = `${indicatorTypeLabel(n.type)} ${n.key}`;
            return (
              <g key={id} data-node="indicator" data-key={`${n.type}:${n.key}`} role="img" aria-label={`Indicator: ${label}, in ${n.reportIds.length} report(s)`}
                className={`node indicator family-${indicatorFamily(n.type)}${n.reportIds.length > 1 ? ' shared' : ''}`} transform={`translate(${p.x} ${p.y})`}>
                <title>{`Indicator: ${label} — in ${n.reportIds.length} report(s)`}</title>
                <circle r={n.reportIds.length > 1 ? 11 : 8} />
                <text {...labelAt(p.x, n.reportIds.length > 1 ? 24 : 21)}>{short(n.key)}</text>
              </g>
            );
          })}
          {[...graph.brands].map(([id, n]) => {
            const p = at(id);
            return (
              <g key={id} data-node="brand" role="img" aria-label={`Brand: ${n.name}`} className="node brand" transform={`translate(${p.x} ${p.y})`}>
                <title>{`Brand: ${n.name} — in ${n.reportIds.length} report(s)`}</title>
                <rect x={-9} y={-9} width={18} height={18} transform="rotate(45)" />
                <text {...labelAt(p.x, 24)}>{short(n.name)}</text>
              </g>
            );
          })}
          {reports.map((r) => {
            const p = at(r.id);
            const open = () => navigate(`/intel/${encodeURIComponent(r.id)}`);
            return (
              <g key={r.id} data-node="report" data-id={r.id} role="link" tabIndex={0} aria-label={`Report: ${r.title}`}
                className={`node report tlp-${r.sharingLevel.toLowerCase().replace('_', '-')}`} transform={`translate(${p.x} ${p.y})`}
                onClick={open} onKeyDown={(e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); open(); } }}>
                <title>{`Report: ${r.title} (${sharingLevelLabel(r.sharingLevel)}${r.reporter ? `, ${r.reporter}` : ''})`}</title>
                <rect x={-16} y={-12} width={32} height={24} rx={5} />
                <text y={-18} textAnchor="middle" className="report-label">{short(r.title, 28)}</text>
              </g>
            );
          })}
        </g>
      </svg>
      <figcaption className="legend">
        <span><svg width="18" height="14" aria-hidden="true"><rect x="1" y="1" width="16" height="12" rx="3" className="legend-report" /></svg> Report (TLP colour)</span>
        <span><svg width="14" height="14" aria-hidden="true"><circle cx="7" cy="7" r="6" className="legend-indicator" /></svg> Indicator (larger: shared)</span>
        <span><svg width="16" height="16" aria-hidden="true"><rect x="4" y="4" width="9" height="9" transform="rotate(45 8 8)" className="legend-brand" /></svg> Brand</span>
      </figcaption>
    </figure>
  );
}
