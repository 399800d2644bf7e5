import { useState, type FormEvent } from 'react';

/**
 * One file chosen in a form and sent (a filled PDF form, a CSV of listings): the file, whether it
 * is on its way, what went wrong, and a key for the form that clears its file input once sent.
 * `send` posts the file and handles the answer; it throws what the form shows.
 */
export function useUpload(send: (file: File) => Promise<void>) {
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [formKey, setFormKey] = useState(0);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    setBusy(true);
    setError(undefined);
    try {
      await send(file);
      setFile(null);
      setFormKey((k) => k + 1);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return { file, setFile, busy, error, formKey, submit };
}
