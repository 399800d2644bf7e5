import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { BrandList } from '../brands/BrandList';
import { BrandsEditor } from '../brands/BrandsEditor';
import { Button } from '../ui/Button';
import { placeErrors } from '../ui/errors';
import { FormAlert } from '../ui/Field';
import { statusLabel } from '../common/format';
import { graphql } from '../gql';
import { MembershipCategoriesForm } from './MembershipCategoriesForm';
import { OrganisationDetailsForm } from './OrganisationDetailsForm';
import { APPLICANT_STATUSES } from './useOwnApplication';

const MyApplicationQuery = graphql(`
  query MyApplication {
    viewer {
      organisation {
        id name legalName country website description
        brands { ...BrandDetails }
        membership { ...MembershipState categories { id name } }
      }
    }
  }
`);

const SubmitApplication = graphql(`
  mutation SubmitApplication {
    submitApplication { ...MembershipState }
  }
`);

const SUBMIT_FIELDS = ['name', 'legalName', 'country', 'website', 'categoryIds', 'brands', 'trademarks'];

/** The applicant's own application: drafted here while INVITED, then submitted for review. */
export function MyApplicationPage() {
  const { data, loading, error } = useQuery(MyApplicationQuery, { fetchPolicy: 'cache-and-network' });
  const [submit, submitting] = useMutation(SubmitApplication);
  const [submitError, setSubmitError] = useState<unknown>();
  const placed = placeErrors(submitError, SUBMIT_FIELDS);
  const clearSubmitError = () => setSubmitError(undefined);

  if (loading && !data) return <main><p>Loading…</p></main>;
  if (error && !data) return <main><p role="alert" className="form-error">{error.message}</p></main>;
  const org = data?.viewer.organisation;
  const m = org?.membership && APPLICANT_STATUSES.includes(org.membership.status) ? org.membership : undefined;
  if (!org || !m) return <main><h1>My application</h1><p>Your organisation has no application in progress.</p></main>;

  if (m.status !== 'INVITED') {
    return (
      <main>
        <h1>My application</h1>
        <div role="status" className="panel">
          <p>
            The application of <strong>{org.name}</strong> is <strong>{statusLabel(m.status).toLowerCase()}</strong>.
            {(m.status === 'APPLIED' || m.status === 'UNDER_REVIEW') && ' A coordinator reviews it and verifies your trademarks; you will get an e-mail with the decision.'}
          </p>
          {m.statusReason && <p>Reason: {m.statusReason}</p>}
        </div>
        <h2>Brands and trademarks</h2>
        <BrandList brands={org.brands} />
      </main>
    );
  }

  const send = () => {
    setSubmitError(undefined);
    submit().catch(setSubmitError);
  };

  return (
    <main>
      <h1>My application</h1>
      <p>Complete the first three steps, then submit the application. A coordinator will review it and verify each trademark.</p>
      <section aria-label="Organisation details">
        <h2>1. Organisation details</h2>
        <OrganisationDetailsForm organisation={org} submitErrors={placed.byField} onSaved={clearSubmitError} />
      </section>
      <section aria-label="Industry categories">
        <h2>2. Industry categories</h2>
        <MembershipCategoriesForm membershipId={m.id} current={m.categories} submitError={placed.byField.categoryIds} onSaved={clearSubmitError} />
      </section>
      <BrandsEditor brands={org.brands} defaultOwner={org.legalName ?? ''} refetchQuery="MyApplication"
        submitError={placed.byField.brands ?? placed.byField.trademarks} onSaved={clearSubmitError} />
      <section aria-label="Submit" className="panel">
        <h2>4. Submit</h2>
        <p>Once submitted, the application can no longer be changed while it is reviewed.</p>
        {submitError ? <FormAlert message={placed.form ?? `Not submitted: ${Object.values(placed.byField).join(' ')}`} /> : null}
        <Button type="button" onClick={send} busy={submitting.loading} busyLabel="Submitting…">Submit application</Button>
      </section>
    </main>
  );
}
