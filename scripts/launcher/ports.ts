// Checks, before anything starts, that every port `npm start` will listen on is free, and names
// the setting that moves a port that is not.
import net from 'node:net';
import { LaunchError } from './failure';

export interface PortNeed {
  port: number;
  host: string;
  /** Who listens there, for the person reading the message: "the API". */
  service: string;
  /** The environment variable that moves it, and an example value. */
  variable: string;
  example: string;
}

/** Throws a LaunchError naming the first port that is already taken. */
export async function ensurePortsFree(needs: PortNeed[]): Promise<void> {
  for (const need of needs) {
    const problem = await listenProblem(need.port, need.host);
    if (problem === null) continue;
    const where = `Port ${need.port} on ${need.host} (${need.service})`;
    const move = `set ${need.variable} to move it, for example \`${need.variable}=${need.example} npm start\``;
    throw new LaunchError(
      problem === 'EADDRINUSE'
        ? `${where} is already in use: stop the program that holds it, or ${move}.`
        : `${where} cannot be listened on (${problem}): ${move}.`,
    );
  }
}

function listenProblem(port: number, host: string): Promise<string | null> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(null)));
  });
}
