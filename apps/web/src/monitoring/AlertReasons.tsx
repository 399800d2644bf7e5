import { Link } from 'react-router-dom';
import { reasonLine, type AlertReasonData } from './reasons';

/**
 * An alert's reasons, heaviest first, each with its weight in the score; a network the reader may
 * see links to its page, one they may not is only counted. The API's full sentence is the title.
 */
export function AlertReasons({ reasons }: { reasons: readonly AlertReasonData[] }) {
  return (
    <ul className="plain reasons" aria-label="Reasons">
      {reasons.map(reasonLine).map((r, i) => (
        <li key={`${r.kind}-${i}`} title={r.detail}>
          <span className="weight" aria-label={`weight ${r.weight}`}>{r.weight}</span> {r.label}
          {r.terms && <>: {r.terms}</>}
          {r.networks.map((n, j) => (
            <span key={n.id}>{j === 0 && !r.terms ? ': ' : ', '}<Link to={`/intel/networks/${encodeURIComponent(n.id)}`}>{n.label}</Link></span>
          ))}
          {r.hidden && <span className="hint">{r.networks.length || r.terms ? ', ' : ': '}{r.hidden}</span>}
        </li>
      ))}
    </ul>
  );
}
