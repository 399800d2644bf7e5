import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useUpload } from './useUpload';

/** A form as the filing pages build it on the hook. */
function UploadForm({ send }: { send: (file: File) => Promise<void> }) {
  const { setFile, file, busy, error, formKey, submit } = useUpload(send);
  return (
    <form key={formKey} onSubmit={submit} aria-label="upload">
      <input type="file" aria-label="file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
      <button type="submit" disabled={!file || busy}>{busy ? 'Sending…' : 'Send'}</button>
      {error ? <p role="alert">{(error as Error).message}</p> : null}
    </form>
  );
}

const choose = (name: string) => fireEvent.change(screen.getByLabelText('file'), { target: { files: [new File(['a,b\n'], name, { type: 'text/csv' })] } });

describe('useUpload: one file chosen and sent', () => {
  it('sends the chosen file once, shows it on its way, then clears the choice', async () => {
    const sent: string[] = [];
    let finish: () => void = () => undefined;
    render(<UploadForm send={(file) => { sent.push(file.name); return new Promise<void>((resolve) => { finish = resolve; }); }} />);
    expect((screen.getByRole('button') as HTMLButtonElement).disabled).toBe(true); // nothing chosen yet
    choose('listings.csv');
    fireEvent.submit(screen.getByRole('form', { name: 'upload' }));
    await screen.findByText('Sending…');
    expect(sent).toEqual(['listings.csv']);
    finish();
    await waitFor(() => expect(screen.getByRole('button').textContent).toBe('Send'));
    expect((screen.getByRole('button') as HTMLButtonElement).disabled).toBe(true); // the form was reset: no file chosen
  });

  it('keeps the file and shows the error when sending fails, and clears the error on the next try', async () => {
    let fail = true;
    render(<UploadForm send={async () => { if (fail) throw new Error('The form is incomplete: fill in the signatory'); }} />);
    choose('form.pdf');
    fireEvent.submit(screen.getByRole('form', { name: 'upload' }));
    expect((await screen.findByRole('alert')).textContent).toBe('The form is incomplete: fill in the signatory');
    expect((screen.getByRole('button') as HTMLButtonElement).disabled).toBe(false); // still chosen: send it again
    fail = false;
    fireEvent.submit(screen.getByRole('form', { name: 'upload' }));
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
  });
});
