import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { enumLabel } from '../common/format';
import { ReasonForm } from '../common/ReasonForm';
import { graphql } from '../gql';
import type { AlertRowFragment } from '../gql/graphql';
import { Button } from '../ui/Button';
import { apiErrors, placeErrors } from '../ui/errors';
import { Field, FormAlert } from '../ui/Field';

const TriageAlertMutation = graphql(`
  mutation TriageAlert($input: TriageAlertInput!) {
    triageAlert(input: $input) { ...AlertRow }
  }
`);

const FileTakedownFromAlertMutation = graphql(`
  mutation FileTakedownFromAlert($input: FileTakedownFromAlertInput!) {
    fileTakedownFromAlert(input: $input) { ...AlertRow }
  }
`);

/** A brand's rights as the setup query gives them. */
export interface BrandRights {
  trademarks: readonly { id: string; office: string; registrationNumber: string; verificationStatus: string; expiresOn?: string | null }[];
  ipRights: readonly { id: string; kind: string; office: string; number: string; title?: string | null; verificationStatus: string; expiresOn?: string | null }[];
}

/** The rights a takedown may cite: verified by the coordinators and not expired (the takedown pillar checks again). */
export function citableRights(brand: BrandRights | undefined, today: string): { value: string; label: string }[] {
  if (!brand) return [];
  const current = (r: { verificationStatus: string; expiresOn?: string | null }) => r.verificationStatus === 'VERIFIED' && (!r.expiresOn || r.expiresOn >= today);
  return [
    ...brand.trademarks.filter(current).map((t) => ({ value: `trademark:${t.id}`, label: `Trademark ${t.office} ${t.registrationNumber}` })),
    ...brand.ipRights.filter(current).map((r) => ({ value: `ip:${r.id}`, label: `${enumLabel(r.kind)} ${r.office} ${r.number}${r.title ? ` (${r.title})` : ''}` })),
  ];
}

const REFETCH = ['MonitoringAlerts', 'AlertFigures'];

/**
 * What a member does with an alert, in its row: watch it (it alerts again when the listing
 * changes), dismiss it with a reason (the seller stops alerting the brand for these reasons), or
 * file a takedown request from it in one step, citing one of the brand's rights, or open an
 * enforcement case from it (the new-case form, `/cases/new?alert=`). Each tells the
 * page what happened (`onDone`), since the alert may leave the list it is in.
 */
export function AlertActions({ alert, rights, onDone }: {
  alert: AlertRowFragment;
  rights: readonly { value: string; label: string }[];
  onDone: (notice: ReactNode) => void;
}) {
  const [dismissing, setDismissing] = useState(false);
  const [right, setRight] = useState(rights[0]?.value ?? '');
  const [triage, triaging] = useMutation(TriageAlertMutation, { refetchQueries: REFETCH, awaitRefetchQueries: true });
  const [file, filing] = useMutation(FileTakedownFromAlertMutation, { refetchQueries: REFETCH, awaitRefetchQueries: true });
  const [watchError, setWatchError] = useState<unknown>();
  const [fileError, setFileError] = useState<unknown>();
  const title = alert.listing.title;

  // offline enforcement from the alert, whatever its triage: the new-case form links it
  const openCase = <Link to={`/cases/new?${new URLSearchParams({ alert: alert.id })}`}>Open an enforcement case</Link>;
  if (alert.status === 'FILED') {
    return (
      <div className="alert-actions">
        {alert.takedownRequestId && <div><Link to={`/takedown/${encodeURIComponent(alert.takedownRequestId)}`}>Open the takedown request</Link></div>}
        <div>{openCase}</div>
      </div>
    );
  }

  const watch = async () => {
    setWatchError(undefined);
    try {
      await triage({ variables: { input: { alertId: alert.id, action: 'WATCH' } } });
      onDone(<>Watching “{title}”: it alerts again when the listing changes.</>);
    } catch (e) {
      setWatchError(e);
    }
  };

  const dismiss = async (reason: string | undefined) => {
    // the API refuses a dismissal without a reason (field `reason`): ReasonForm shows it under the text box
    await triage({ variables: { input: { alertId: alert.id, action: 'DISMISS', reason: reason ?? null } } });
    onDone(<>Dismissed “{title}”: this seller no longer alerts the brand for these reasons.</>);
  };

  const fileTakedown = async (event: FormEvent) => {
    event.preventDefault();
    setFileError(undefined);
    const [kind, id] = right.split(':');
    try {
      const { data } = await file({ variables: { input: { alertId: alert.id, trademarkId: kind === 'trademark' ? id : null, ipRightId: kind === 'ip' ? id : null } } });
      const requestId = data?.fileTakedownFromAlert.takedownRequestId;
      onDone(
        <>
          Filed a takedown request for “{title}”.{' '}
          {requestId && <Link to={`/takedown/${encodeURIComponent(requestId)}`}>Open the takedown request</Link>}
        </>,
      );
    } catch (e) {
      setFileError(e);
    }
  };

  const watchErrors = apiErrors(watchError);
  const fileErrors = placeErrors(fileError, ['trademarkId', 'ipRightId']);
  const rightError = fileErrors.byField.trademarkId ?? fileErrors.byField.ipRightId;
  return (
    <div className="alert-actions">
      <div className="actions">
        {alert.status !== 'WATCHING' && <Button variant="secondary" small busy={triaging.loading && !dismissing} onClick={() => void watch()}>Watch</Button>}
        {alert.status !== 'DISMISSED' && (
          <Button variant="secondary" small aria-expanded={dismissing} onClick={() => setDismissing((d) => !d)}>{dismissing ? 'Keep it' : 'Dismiss…'}</Button>
        )}
      </div>
      <FormAlert message={watchErrors.map((e) => e.message).join(' ') || undefined} />
      {dismissing && (
        <ReasonForm label="Why dismiss it" action="Dismiss" required hint="e.g. “authorised reseller”: the seller stops alerting this brand for these reasons"
          onSubmit={dismiss} />
      )}
      <form onSubmit={fileTakedown} aria-label={`File a takedown for ${title}`} className="file-from-alert">
        {rights.length === 0 ? <p className="hint">No verified, unexpired right of the brand to cite: the coordinators verify trademarks first.</p> : (
          <>
            {rights.length === 1 ? (
              // one right to cite: said, not asked
              <p className="hint">Citing {rights[0].label}{rightError && <span className="field-error"> {rightError}</span>}</p>
            ) : (
              <Field label="Right cited" error={rightError}>
                <select value={right} onChange={(e) => setRight(e.target.value)}>
                  {rights.map((r) => <option key={r.value} value={r.value}>{r.label}</option>)}
                </select>
              </Field>
            )}
            <FormAlert message={fileErrors.form} />
            <div><Button type="submit" small busy={filing.loading} busyLabel="Filing…">File takedown</Button></div>
          </>
        )}
      </form>
      <div>{openCase}</div>
    </div>
  );
}
