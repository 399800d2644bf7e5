import type { ReactNode } from 'react';
import { graphql } from '../gql';
import type { BrandDetailsFragment, TrademarkDetailsFragment } from '../gql/graphql';
import { TrademarkCard } from './TrademarkCard';

graphql(`
  fragment BrandDetails on Brand {
    id name website description
    trademarks { ...TrademarkDetails }
  }
`);

/** An organisation's brands, each with the trademarks that back it. */
export function BrandList({ brands, trademarkActions }: {
  brands: readonly BrandDetailsFragment[];
  /** actions shown in each trademark's card, e.g. a coordinator's verify and reject */
  trademarkActions?: (trademark: TrademarkDetailsFragment) => ReactNode;
}) {
  if (brands.length === 0) return <p>No brands yet.</p>;
  return (
    <>
      {brands.map((b) => (
        <section key={b.id} className="brand" aria-label={`Brand ${b.name}`}>
          <h3>{b.name}</h3>
          {b.website && <p><a href={b.website} rel="noreferrer noopener" target="_blank">{b.website}</a></p>}
          {b.description && <p>{b.description}</p>}
          {b.trademarks.length === 0 ? <p>No trademarks yet.</p> : (
            <div className="trademarks">
              {b.trademarks.map((t) => <TrademarkCard key={t.id} trademark={t}>{trademarkActions?.(t)}</TrademarkCard>)}
            </div>
          )}
        </section>
      ))}
    </>
  );
}
