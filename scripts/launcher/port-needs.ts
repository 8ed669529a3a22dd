// The ports `npm start` listens on, given its environment, each with the setting that moves it.
import type { PortNeed } from './ports';

export function portsNeeded(env: NodeJS.ProcessEnv, startsTemporal: boolean): PortNeed[] {
  const need = (port: string, service: string, variable: string, example: string): PortNeed => ({
    port: Number(port),
    host: '127.0.0.1',
    service,
    variable,
    example,
  });
  const host = env.HOST ?? '127.0.0.1';
  const needs = [
    { ...need(env.API_PORT ?? '3000', 'the API', 'API_PORT', '3100'), host },
    {
      ...need(
        env.WORKER_HTTP_PORT ?? '3001',
        "the worker's health and metrics",
        'WORKER_HTTP_PORT',
        '3101',
      ),
      host,
    },
    {
      ...need(
        env.WORKER_SDK_METRICS_PORT ?? '9464',
        "the worker's Temporal SDK metrics",
        'WORKER_SDK_METRICS_PORT',
        '9465',
      ),
      host,
    },
  ];
  if (!env.DATABASE_URL) {
    const port = env.EMBEDDED_POSTGRES_PORT ?? '5433';
    needs.push(need(port, 'the embedded PostgreSQL', 'EMBEDDED_POSTGRES_PORT', '5434'));
  }
  if (startsTemporal) {
    const [ip = '127.0.0.1', port = '7233'] = temporalAddress(env).split(':');
    needs.push(
      { ...need(port, 'the Temporal dev server', 'TEMPORAL_ADDRESS', `${ip}:7234`), host: ip },
      {
        ...need(env.TEMPORAL_UI_PORT ?? '8233', 'the Temporal Web UI', 'TEMPORAL_UI_PORT', '8234'),
        host: ip,
      },
    );
  }
  if (!env.SMTP_URL) {
    needs.push(
      need(env.MAILPIT_SMTP_PORT ?? '1025', 'the Mailpit SMTP server', 'MAILPIT_SMTP_PORT', '1026'),
      need(env.MAILPIT_UI_PORT ?? '8025', 'the Mailpit web UI', 'MAILPIT_UI_PORT', '8026'),
    );
  }
  return needs;
}

export function temporalAddress(env: NodeJS.ProcessEnv): string {
  return env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233';
}
