import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const LISTENING_PREFIX = 'LISTENING ';

/** Listens on an OS-chosen port, tells the orchestrator which one, and stops cleanly on SIGTERM. */
export function listenAndAnnounce(server: Server): void {
  server.listen(0, '127.0.0.1', () => {
    process.stdout.write(`${LISTENING_PREFIX}${(server.address() as AddressInfo).port}\n`);
  });
  process.on('SIGTERM', () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
