import { useState } from 'react';
import { Button } from '../ui/Button';
import { Field } from '../ui/Field';

/** The whole key, once: the API keeps only a hash, so losing it means revoking and issuing another. */
export function SecretBox({ keyName, secret, onDone }: { keyName: string; secret: string; onDone: () => void }) {
  const [copied, setCopied] = useState<'yes' | 'failed'>();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  };
  return (
    <section className="secret" aria-label="New API key">
      <h4>Copy the key “{keyName}” now: it will not be shown again</h4>
      <p>Countermark stores only a hash of it. Hand it to the partner through a safe channel; if it is lost, revoke it and create another.</p>
      <Field label="API key (shown once)">
        <input readOnly value={secret} spellCheck={false} onFocus={(e) => e.target.select()} />
      </Field>
      <div className="actions">
        <Button onClick={copy}>Copy key</Button>
        <span role="status">
          {copied === 'yes' && 'Copied to the clipboard.'}
          {copied === 'failed' && 'The browser refused to copy: select the key and copy it by hand.'}
        </span>
        <Button variant="secondary" onClick={onDone}>I have stored it</Button>
      </div>
    </section>
  );
}
