import { EventEmitter } from 'node:events';
import type { ParsedMail } from 'mailparser';

export interface StoredMessage {
  id: string;
  received_at: string;
  envelope: { mail_from: string | null; rcpt_to: string[] };
  message_id: string | null;
  from: string | null;
  to: string | null;
  subject: string | null;
  /** Every header as sent, unfolded, by lowercase name (a name may repeat). */
  headers: Record<string, string[]>;
  text: string | null;
  html: string | null;
  size: number;
  raw: Buffer;
}

/** Received messages in arrival order, newest dropped last, bounded so a long session stays small. */
export class MessageStore {
  private readonly messages: StoredMessage[] = [];
  private readonly events = new EventEmitter();
  private sequence = 0;

  constructor(private readonly capacity: number) {}

  add(
    parsed: ParsedMail,
    raw: Buffer,
    envelope: StoredMessage['envelope'],
    now: Date,
  ): StoredMessage {
    const headers: Record<string, string[]> = {};
    for (const { key, line } of parsed.headerLines) {
      // RFC 5322 unfolding: drop the line break, keep the whitespace after it.
      const value = line
        .replace(/\r?\n(?=[ \t])/g, '')
        .slice(line.indexOf(':') + 1)
        .trim();
      (headers[key.toLowerCase()] ??= []).push(value);
    }
    this.sequence += 1;
    const message: StoredMessage = {
      id: String(this.sequence),
      received_at: now.toISOString(),
      envelope,
      message_id: parsed.messageId ?? null,
      from: parsed.from?.text ?? null,
      to:
        [parsed.to ?? []]
          .flat()
          .map((a) => a.text)
          .join(', ') || null,
      subject: parsed.subject ?? null,
      headers,
      text: parsed.text ?? null,
      html: typeof parsed.html === 'string' ? parsed.html : null,
      size: raw.length,
      raw,
    };
    this.messages.push(message);
    if (this.messages.length > this.capacity) this.messages.shift();
    this.events.emit('message', message);
    return message;
  }

  list(): readonly StoredMessage[] {
    return this.messages;
  }

  get(id: string): StoredMessage | undefined {
    return this.messages.find((m) => m.id === id);
  }

  clear(): void {
    this.messages.length = 0;
  }

  /** Resolves with the first message (already stored or yet to come) that matches. */
  waitFor(match: (m: StoredMessage) => boolean, timeoutMs: number): Promise<StoredMessage> {
    const found = this.messages.find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const onMessage = (m: StoredMessage) => {
        if (!match(m)) return;
        clearTimeout(timer);
        this.events.off('message', onMessage);
        resolve(m);
      };
      const timer = setTimeout(() => {
        this.events.off('message', onMessage);
        reject(new Error(`No matching message within ${timeoutMs} ms`));
      }, timeoutMs);
      this.events.on('message', onMessage);
    });
  }
}
