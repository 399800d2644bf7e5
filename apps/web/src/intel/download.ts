/**
 * Saves what the API answered (an export) as a file: a Blob behind an object URL, clicked through
 * a temporary <a download>, then released.
 */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // the click has handed the file to the browser; a later tick frees the memory
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** Saves text (an export that came back in a GraphQL answer) as a file. */
export function downloadFile(content: string, fileName: string, contentType: string): void {
  downloadBlob(new Blob([content], { type: contentType }), fileName);
}
