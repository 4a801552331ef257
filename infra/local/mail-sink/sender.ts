import nodemailer, { type Transporter } from 'nodemailer';
import { toMailOptions, type SenderDefaults, type SendResult } from './delivery';

type Address = string | { address: string };
const addresses = (list: unknown): string[] =>
  Array.isArray(list)
    ? (list as Address[]).map((a) => (typeof a === 'string' ? a : a.address))
    : [];

/**
 * Sends one `mail/` document through nodemailer, as the extension's `deliver()` does, and reports
 * the outcome in the shape it records: `delivery.info` on success, `e.toString()` on failure.
 */
export class MailSender {
  constructor(
    private readonly transport: Transporter,
    private readonly defaults: SenderDefaults,
  ) {}

  /** A plain SMTP transport without TLS, for a sink on loopback. */
  static smtp(target: { host: string; port: number }, defaults: SenderDefaults): MailSender {
    return new MailSender(
      nodemailer.createTransport({
        host: target.host,
        port: target.port,
        secure: false,
        ignoreTLS: true,
      }),
      defaults,
    );
  }

  async send(document: unknown): Promise<SendResult> {
    try {
      const options = toMailOptions(document, this.defaults);
      const info = (await this.transport.sendMail(options)) as Record<string, unknown>;
      return {
        ok: true,
        info: {
          messageId: typeof info.messageId === 'string' ? info.messageId : null,
          accepted: addresses(info.accepted),
          rejected: addresses(info.rejected),
          pending: addresses(info.pending),
          response: typeof info.response === 'string' ? info.response : null,
        },
      };
    } catch (error) {
      return { ok: false, error: String(error) };
    }
  }

  close(): void {
    this.transport.close();
  }
}
