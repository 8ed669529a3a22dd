// What a person can do about a server that cannot listen, naming the variable that moves it.

export function cannotListen(
  error: Error,
  host: string,
  port: number,
  portVariable: string,
): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') {
    return `Port ${port} on ${host} is already in use: stop what holds it, or set ${portVariable} to another port.`;
  }
  if (code === 'EADDRNOTAVAIL') {
    return `${host} is not an address of this machine: set HOST to one of its addresses (or leave it unset for 127.0.0.1).`;
  }
  return `Cannot listen on ${host}:${port} (${code ?? error.message}).`;
}
