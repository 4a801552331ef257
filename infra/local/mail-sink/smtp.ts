import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { MessageStore } from './store';

/** An SMTP error with the reply code smtp-server sends for it. */
function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

export interface SmtpOptions {
  store: MessageStore;
  maxMessageBytes: number;
  /** Addresses refused at RCPT with a permanent 550, to play a bounce. */
  bounces: (address: string) => boolean;
  /** Addresses refused at RCPT with a temporary 451, to play a mailbox that is down for now. */
  defers: (address: string) => boolean;
  now: () => Date;
}

/**
 * The receiving side: smtp-server speaks the protocol (no TLS, no AUTH: loopback only),
 * mailparser reads each message into the store.
 */
export function createSmtpServer(options: SmtpOptions): SMTPServer {
  return new SMTPServer({
    banner: 'Pathwise local mail sink',
    secure: false,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: options.maxMessageBytes,
    logger: false,
    // The client is always this machine; offline there may be no resolver to ask for its name.
    disableReverseLookup: true,
    onRcptTo(address, _session, callback) {
      if (options.bounces(address.address)) {
        callback(
          smtpError(550, `5.1.1 <${address.address}>: Recipient address rejected: User unknown`),
        );
        return;
      }
      if (options.defers(address.address)) {
        callback(smtpError(451, `4.2.1 <${address.address}>: Mailbox temporarily unavailable`));
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', (error) => callback(error));
      stream.on('end', () => {
        if (stream.sizeExceeded) {
          callback(smtpError(552, `5.3.4 Message exceeds ${options.maxMessageBytes} bytes`));
          return;
        }
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then(
          (parsed) => {
            const stored = options.store.add(
              parsed,
              raw,
              {
                mail_from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
                rcpt_to: session.envelope.rcptTo.map((r) => r.address),
              },
              options.now(),
            );
            callback(null, `Queued as ${stored.id}`);
          },
          (error: unknown) =>
            callback(smtpError(451, `4.6.0 Could not parse the message: ${String(error)}`)),
        );
      });
    },
  });
}
