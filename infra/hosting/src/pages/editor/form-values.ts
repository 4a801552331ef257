/** `null` for an empty box (a rule switched off, no limit), else the number typed. */
export function numberOrNull(text: string): number | null {
  return text.trim() === '' ? null : Number(text);
}
