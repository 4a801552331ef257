/**
 * Saves what a signed URL serves as a file named `name`. A cross-origin link's `download`
 * attribute is ignored (the browser would open an inline file instead of saving it), so the
 * bytes are fetched (the bucket's CORS policy allows GET) and saved from a same-origin blob URL.
 */
export async function saveFrom(url: string, name: string): Promise<number> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`The file could not be read (HTTP ${response.status})`);
  const blob = await response.blob();
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // The click has handed the blob to the download; a later tick may let it go.
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  return blob.size;
}
