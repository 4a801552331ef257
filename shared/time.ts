import { Timestamp } from 'firebase-admin/firestore';

/** Firestore timestamp (or nothing) → ISO 8601 UTC string (or null), as the API speaks. */
export function iso(value: Timestamp | Date | null | undefined): string | null {
  if (!value) return null;
  const date = value instanceof Timestamp ? value.toDate() : value;
  return date.toISOString();
}

export function isoRequired(value: Timestamp | Date): string {
  return (value instanceof Timestamp ? value.toDate() : value).toISOString();
}
