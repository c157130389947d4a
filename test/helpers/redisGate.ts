import { createConnection, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP stand-in for Redis in front of the real one: it passes the first `forward` connections
 * through and holds every later one open without an answer (a Redis that hangs), and counts the
 * client connections still open, so a test can tell whether a process closed what it opened.
 */
export interface RedisGate {
  url: string;
  /** Client connections open now. */
  open(): number;
  /** Client connections accepted so far. */
  accepted(): number;
  close(): Promise<void>;
}

export async function startRedisGate(redisUrl: string, forward: number): Promise<RedisGate> {
  const target = new URL(redisUrl);
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server: Server = createServer((client) => {
    accepted += 1;
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    // Held: read and ignore what the client sends, so that its FIN is seen and the socket closes.
    if (accepted > forward) {
      client.resume();
      return;
    }
    const upstream = createConnection({ host: target.hostname, port: Number(target.port || 6379) });
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `redis://127.0.0.1:${port}`,
    open: () => sockets.size,
    accepted: () => accepted,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
