/**
 * Save text as a file through a Blob URL and a temporary <a download>. No CSP change is
 * needed: a download is not a fetch, image or frame load, so connect-src/img-src do not
 * apply; in Electron it goes through the session's will-download (default: a save dialog).
 */
export function downloadText(fileName: string, text: string, type = 'application/x-pem-file'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  try {
    const a = document.createElement('a');
    a.href = url;
    a.download = fileName;
    a.rel = 'noopener';
    a.style.display = 'none';
    document.body.appendChild(a);
    a.click();
    a.remove();
  } finally {
    // Revoke after the click has been handled; the download keeps its own reference.
    window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}
