/**
 * A TCP forwarder in front of the stack's own Pub/Sub emulator. Shutting it drops every
 * connection, as a dying emulator does; new connections then wait unanswered (calls run into
 * their deadlines) and go through once it opens. A restarted emulator comes back empty, and a
 * message published to a topic recreated before its subscriptions would be accepted and lost
 * (real Pub/Sub keeps its subscriptions): the stack recreates both behind the shut gate, then
 * opens it. Held rather than refused, the clients' gRPC channels are not sent into a reconnect
 * backoff that would outlast the restart.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

export class TcpGate {
  private readonly sockets = new Set<Socket>();
  private held: Socket[] = [];
  private isOpen = true;

  private constructor(
    private readonly server: Server,
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  /** Listens on `port` (0 picks one) and forwards to `target` while open. */
  static async start(port: number, target: { host: string; port: number }): Promise<TcpGate> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    const gate = new TcpGate(server, (server.address() as { port: number }).port, target);
    server.on('connection', (client: Socket) => gate.accept(client));
    return gate;
  }

  private accept(client: Socket): void {
    if (this.isOpen) {
      this.forward(client);
      return;
    }
    client.on('error', () => undefined);
    this.held.push(client);
  }

  private forward(client: Socket): void {
    const { target } = this;
    const upstream = connect(target);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        this.sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  }

  /** Drops every connection and holds new ones until `open`. */
  shut(): void {
    this.isOpen = false;
    for (const socket of this.sockets) socket.destroy();
  }

  open(): void {
    this.isOpen = true;
    for (const client of this.held.splice(0)) if (!client.destroyed) this.forward(client);
  }

  async stop(): Promise<void> {
    this.shut();
    for (const client of this.held.splice(0)) client.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

/** A port nothing listens on right now. */
export function freePort(): Promise<number> {
  const server = createServer();
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
