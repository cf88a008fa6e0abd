/** Offers a file for download: text (CSV, JSON, model.json) or bytes (model weights). */
export function downloadFile(name: string, content: string | ArrayBuffer, type: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started by now; the URL is not needed any longer.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A file-name-safe stem: letters, digits, dashes. */
export function fileStem(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'losslab'
  );
}
