import { randomBytes } from 'node:crypto';

/** A readable, collision-resistant slug id: `prompt-basics-k3f9q2`. */
export function slugId(title: string, fallback: string): string {
  const base =
    title
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 48)
      .replace(/-+$/g, '') || fallback;
  return `${base}-${randomSuffix(6)}`;
}

const alphabet = '0123456789abcdefghijklmnopqrstuvwxyz';

export function randomSuffix(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return out;
}
