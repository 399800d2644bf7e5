import { useMutation } from '@apollo/client/react';
import { useId, useState } from 'react';
import { Button } from '../ui/Button';
import { placeErrors } from '../ui/errors';
import { FormAlert } from '../ui/Field';
import { graphql } from '../gql';
import type { BrandDetailsFragment } from '../gql/graphql';
import { BrandForm } from './BrandForm';
import { TrademarkCard } from './TrademarkCard';
import { TrademarkForm } from './TrademarkForm';

const RemoveBrand = graphql(`
  mutation RemoveBrand($brandId: ID!) { removeBrand(brandId: $brandId) }
`);

const RemoveTrademark = graphql(`
  mutation RemoveTrademark($trademarkId: ID!) { removeTrademark(trademarkId: $trademarkId) }
`);

/** An applicant's brands, editable: add and remove brands, and the trademarks of each. */
export function BrandsEditor({ brands, defaultOwner, refetchQuery, submitError, onSaved }: {
  brands: readonly BrandDetailsFragment[];
  defaultOwner: string;
  /** the page's query, refetched after a removal */
  refetchQuery: string;
  /** what submitting the application said about the brands or trademarks */
  submitError?: string;
  /** after any change, so an earlier refusal to submit stops showing */
  onSaved: () => void;
}) {
  const errorId = useId();
  const refetch = { refetchQueries: [refetchQuery], awaitRefetchQueries: true };
  const [removeBrand] = useMutation(RemoveBrand, refetch);
  const [removeTrademark] = useMutation(RemoveTrademark, refetch);
  const [removeError, setRemoveError] = useState<unknown>();
  const remove = (run: Promise<unknown>) => run.then(() => { setRemoveError(undefined); onSaved(); }, setRemoveError);

  return (
    <section aria-label="Brands and trademarks" aria-describedby={submitError ? errorId : undefined}>
      <h2>3. Brands and trademarks</h2>
      {submitError && <p id={errorId} className="field-error">{submitError}</p>}
      <FormAlert message={placeErrors(removeError, []).form} />
      {brands.length === 0 && <p>No brands yet: add the brands you protect, then a trademark registration for each.</p>}
      {brands.map((b) => (
        <section key={b.id} className="brand" aria-label={`Brand ${b.name}`}>
          <div className="brand-head">
            <h3>{b.name}</h3>
            <Button variant="secondary" onClick={() => remove(removeBrand({ variables: { brandId: b.id } }))}>Remove brand</Button>
          </div>
          {b.website && <p>{b.website}</p>}
          {b.trademarks.length > 0 && (
            <div className="trademarks">
              {b.trademarks.map((t) => (
                <TrademarkCard key={t.id} trademark={t}>
                  <Button variant="secondary" onClick={() => remove(removeTrademark({ variables: { trademarkId: t.id } }))}>Remove trademark</Button>
                </TrademarkCard>
              ))}
            </div>
          )}
          <TrademarkForm brandId={b.id} defaultOwner={defaultOwner} onSaved={onSaved} />
        </section>
      ))}
      <BrandForm onSaved={onSaved} />
    </section>
  );
}
