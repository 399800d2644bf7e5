import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { Button } from '../ui/Button';
import { attempt, placeErrors } from '../ui/errors';
import { Field, FormAlert } from '../ui/Field';
import { graphql } from '../gql';
import type { IndicatorType } from '../gql/graphql';

const RequestContact = graphql(`
  mutation RequestContact($input: RequestContactInput!) {
    requestContact(input: $input) { id status }
  }
`);

/**
 * A value that normalises to this key on its own (requestContact takes a value, without a
 * qualifier): marketplace keys are `name:kind:id`, read as `name:id`; every other key is its own value.
 */
function valueForKey(type: IndicatorType, key: string): string {
  if (type === 'MARKETPLACE_STORE' || type === 'MARKETPLACE_LISTING') {
    const [name, , ...id] = key.split(':');
    return `${name}:${id.join(':')}`;
  }
  return key;
}

/**
 * Asks the holders of a blind match to connect. The coordinators read the message first and pass
 * it on without learning who the holders are; a holder that agrees is named to the requester.
 */
export function RequestContactForm({ type, indicatorKey }: { type: IndicatorType; indicatorKey: string }) {
  const [message, setMessage] = useState('');
  const [request, { data, loading, error }] = useMutation(RequestContact, { refetchQueries: ['ContactRequests'] });
  const errors = placeErrors(error, ['message']);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await attempt(request({ variables: { input: { type, value: valueForKey(type, indicatorKey), message } } }));
  };

  if (data) {
    return (
      <p role="status" className="ok">
        Contact requested: the coordinators review it before it reaches the holders. Follow it on <Link to="/intel/contacts">Contact requests</Link>.
      </p>
    );
  }
  return (
    <form onSubmit={submit} aria-label={`Request contact about ${indicatorKey}`} className="request-contact">
      <Field label="Message to the holders" name="message" errors={errors} hint="Why you would like to connect; the coordinators read it first">
        <textarea rows={2} value={message} onChange={(e) => setMessage(e.target.value)} required minLength={10} />
      </Field>
      <FormAlert message={errors.form} />
      <div><Button type="submit" busy={loading} busyLabel="Sending…">Request contact</Button></div>
    </form>
  );
}
