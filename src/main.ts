/**
 * The command line: `tsx src/main.ts <command>`. `npm start` runs `serve`.
 */
import { Cron } from 'croner';
import { buildApp } from './app.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { Problem } from './platform/problems.ts';

const HELP = `tongji (统计) — statistics platform

Usage: npm run cli -- <command> [options]     (npm start = serve)

Commands:
  serve            Migrate, load reference data, seed the demo on first start (TONGJI_DEMO=true),
                   then serve the API and web app on PORT (default 3000).
  migrate          Apply pending database migrations and reference data, then exit.
  seed [--units N] Seed the demo survey system, units and accounts (once), then exit.
  recompute [--form-id UUID] [--period P]
                   全量重算: bring the microdata in line with approved submissions and rebuild
                   the aggregates (all forms and periods unless narrowed), then exit.
  create-admin <username>
                   Create an administrator account; the password is read from the
                   TONGJI_ADMIN_PASSWORD variable (for installations without the demo).
  help, --help     Show this text.

Environment:
  PORT                 HTTP port (default 3000)
  HOST                 Listen address (default 0.0.0.0)
  TONGJI_DATA_DIR      Data folder for the embedded database (default ./.tongji)
  DATABASE_URL         postgres://… to use a PostgreSQL server instead of embedded PGlite
  TONGJI_DEMO          Seed demo data on first start (default true)
  TONGJI_DEMO_UNITS    Number of demo reporting units (default 2000)
  LOG_LEVEL            fatal|error|warn|info|debug|trace|silent (default info)
  SESSION_IDLE_MINUTES, SESSION_ABSOLUTE_HOURS, LOCKOUT_THRESHOLD, LOCKOUT_MINUTES, COOKIE_SECURE
`;

async function main(argv: string[]) {
  const [command = 'serve', ...rest] = argv;
  if (command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(HELP);
    return;
  }
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  switch (command) {
    case 'serve':
      return serve(config);
    case 'migrate': {
      const platform = await buildApp(config, { prepare: false });
      const applied = await platform.migrate();
      process.stdout.write(
        `applied ${applied.length} migration(s)${applied.length ? `: ${applied.join(', ')}` : ''}\n`,
      );
      await platform.close();
      return;
    }
    case 'seed': {
      const i = rest.indexOf('--units');
      const units = i >= 0 ? Number(rest[i + 1]) : config.demo.units;
      if (!Number.isInteger(units) || units < 0) {
        process.stderr.write('--units must be a non-negative integer\n');
        process.exit(2);
      }
      const platform = await buildApp(config, { prepare: false });
      await platform.migrate();
      const seeded = await platform.seedDemo(units);
      process.stdout.write(seeded ? `demo seeded (${units} units)\n` : 'demo already seeded; nothing done\n');
      await platform.close();
      return;
    }
    case 'recompute': {
      const arg = (name: string) => {
        const i = rest.indexOf(name);
        return i >= 0 ? rest[i + 1] : undefined;
      };
      const formId = arg('--form-id');
      const period = arg('--period');
      if (formId !== undefined && !/^[0-9a-f-]{36}$/i.test(formId)) {
        process.stderr.write('--form-id must be a form id (UUID)\n');
        process.exit(2);
      }
      const platform = await buildApp(config, { prepare: false });
      await platform.migrate();
      const r = await platform.modules.aggregation.api.service.recompute(null, { formId, period });
      process.stdout.write(
        `recomputed ${r.recomputed} form-period(s): ${r.added} approval(s) added, ${r.withdrawn} withdrawn, ${r.millis} ms\n`,
      );
      await platform.close();
      return;
    }
    case 'create-admin': {
      const username = rest[0];
      const password = process.env.TONGJI_ADMIN_PASSWORD;
      if (!username || !password) {
        process.stderr.write('usage: TONGJI_ADMIN_PASSWORD=… npm run cli -- create-admin <username>\n');
        process.exit(2);
      }
      const platform = await buildApp(config, { prepare: false });
      await platform.migrate();
      try {
        await platform.modules.identity.api.service.createAccount(null, {
          username,
          displayName: username,
          role: 'admin',
          password,
        });
        process.stdout.write(`administrator ${username} created\n`);
      } catch (e) {
        const message = e instanceof Problem ? e.messageIn('en-US') : String(e);
        process.stderr.write(`${message}\n`);
        process.exitCode = 2;
      }
      await platform.close();
      return;
    }
    default:
      process.stderr.write(`unknown command: ${command}\n\n${HELP}`);
      process.exit(2);
  }
}

async function serve(config: Config) {
  const t0 = performance.now();
  const platform = await buildApp(config);
  const { app } = platform;
  let closing = false;
  let warningSweep: Cron | undefined;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    await platform.modules.monitoring.api.stop();
    await platform.modules.collection.api.housekeeping.stop();
    warningSweep?.stop();
    await platform.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
  // Reminders (催报) are scheduled only in the serving process, never in tests or one-off commands.
  platform.modules.monitoring.api.start();
  platform.modules.collection.api.housekeeping.start();
  // Early warning re-evaluates on every change this process makes; every ten minutes it also
  // catches changes written by other processes (alerts fire once per rule and period anyway).
  warningSweep = new Cron('*/10 * * * *', { protect: true }, async () => {
    await platform.modules.warning.api
      .evaluate()
      .catch((err) => app.log.warn({ err }, 'warning sweep failed'));
  });
  const ms = Math.round(performance.now() - t0);
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  app.log.info({ ms, engine: platform.database.engine }, 'ready');
  process.stdout.write(
    `tongji ready in ${ms} ms on http://localhost:${port} (database: ${platform.database.engine})\n`,
  );
}

main(process.argv.slice(2)).catch((e) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
