import { useState } from 'react';
import type { IndicatorType } from '../gql/graphql';
import { Button } from '../ui/Button';
import { indicatorTypeLabel } from './labels';
import { RequestContactForm } from './RequestContactForm';

/** "Also held by N other organisations in reports you cannot see", with a way to ask to connect. */
export function BlindMatchNotice({ type, indicatorKey, organisations, value }: {
  type: IndicatorType;
  indicatorKey: string;
  organisations: number;
  /** the value as the caller holds it, when it differs from the key */
  value?: string;
}) {
  const [asking, setAsking] = useState(false);
  return (
    <li className="blind-match">
      <p>
        <span className="badge">{indicatorTypeLabel(type)}</span> <code>{indicatorKey}</code>
        {value && value !== indicatorKey && <span className="hint"> ({value})</span>} is also held by{' '}
        <strong>{organisations === 1 ? '1 other organisation' : `${organisations} other organisations`}</strong> in reports you cannot see.
      </p>
      {asking ? <RequestContactForm type={type} indicatorKey={indicatorKey} /> : (
        <Button variant="secondary" onClick={() => setAsking(true)}>Request contact</Button>
      )}
    </li>
  );
}
