import { Link } from 'react-router-dom';
import { scoreBand } from '../monitoring/labels';

/** A monitoring alert a case is opened from, as the case page and the new-case form read it. */
export interface CaseAlertData {
  id: string;
  score: number;
  brandId: string;
  listing: { title: string; url: string; storeName?: string | null };
}

/** The alert inbox showing this alert's brand, every status (the alert may have been triaged since). */
export function alertInboxLink(alert: Pick<CaseAlertData, 'brandId'>): string {
  return `/monitoring/alerts?${new URLSearchParams({ brand: alert.brandId, status: 'ANY' })}`;
}

/**
 * The monitoring alerts a case links, as far as the reader may read them (the API answers only the
 * brand-owning member's people): each listing's title (to the listing), its store, the score, and
 * the way back to the alert inbox.
 */
export function CaseAlerts({ alerts }: { alerts: readonly CaseAlertData[] }) {
  if (!alerts.length) return null;
  return (
    <ul className="plain case-alerts" aria-label="Monitoring alerts">
      {alerts.map((a) => (
        <li key={a.id}>
          <span className={`badge score score-${scoreBand(a.score)}`} aria-label={`score ${a.score}`}>{a.score}</span>{' '}
          Alert: <a href={a.listing.url} target="_blank" rel="noreferrer noopener">{a.listing.title}</a>
          {a.listing.storeName && <span className="hint"> — {a.listing.storeName}</span>}{' '}
          (<Link to={alertInboxLink(a)}>in the alert inbox</Link>)
        </li>
      ))}
    </ul>
  );
}
