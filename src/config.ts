/**
 * Configuration: the only module that reads `process.env`. Everything is validated at boot so a
 * typo fails fast with a readable message instead of misbehaving later.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const EnvSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default('0.0.0.0'),
    /** Folder for the embedded database, uploads and backups (数据目录). */
    TONGJI_DATA_DIR: z.string().min(1).default('./.tongji'),
    /** postgres://… switches from the embedded PGlite to a PostgreSQL server. */
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres:// or postgresql://')
      .optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Load the demo survey system, 2,000 units with three years of reports and demo accounts on first start. */
    TONGJI_DEMO: bool.default(true),
    TONGJI_DEMO_UNITS: z.coerce.number().int().min(0).max(1_000_000).default(2000),
    SESSION_IDLE_MINUTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(30),
    SESSION_ABSOLUTE_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 7)
      .default(12),
    /** Secure cookies need HTTPS; default on in production. */
    COOKIE_SECURE: bool.optional(),
    NODE_ENV: z.string().default('development'),
    /** Largest accepted JSON body, bytes. Uploads have their own limit. */
    BODY_LIMIT_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .default(1024 * 1024),
    UPLOAD_LIMIT_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .default(20 * 1024 * 1024),
    LOCKOUT_THRESHOLD: z.coerce.number().int().min(1).max(100).default(5),
    LOCKOUT_MINUTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(15),
    /** Where reminders (催报) go besides the in-app notification: log (default), email or sms. */
    REMINDER_CHANNEL: z.enum(['log', 'email', 'sms']).default('log'),
    /** SMTP relay for the email channel, e.g. smtp://user:pass@mail.example.gov.cn:587 (smtps:// for TLS). */
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, 'SMTP_URL must start with smtp:// or smtps://')
      .optional(),
    /** Sender address of reminder emails. */
    SMTP_FROM: z.string().min(3).optional(),
    /** SMS gateway (短信网关): an HTTPS endpoint that takes POST {to, text} as JSON. */
    SMS_GATEWAY_URL: z.url({ protocol: /^https?$/ }).optional(),
    /** Bearer token for the SMS gateway. */
    SMS_GATEWAY_TOKEN: z.string().min(1).optional(),
    /** The signature every SMS starts with (短信签名). */
    SMS_SIGNATURE: z.string().min(2).max(20).default('【宁波统计】'),
    /**
     * Which proxies to believe about the client's address (X-Forwarded-For): `false` (default:
     * the connection's address, so nobody can pose as another client to the rate limits and the
     * audit log), `true` (any), a number of hops, or a comma-separated list of proxy addresses/CIDRs.
     */
    /** The public website's address as the public reaches it, e.g. https://tjj.ningbo.gov.cn (no trailing slash). */
    PUBLIC_BASE_URL: z
      .url({ protocol: /^https?$/ })
      .regex(/^[^?#]*[^/?#]$/, 'PUBLIC_BASE_URL: an origin without a trailing slash, query or fragment')
      .optional(),
    TRUST_PROXY: z
      .string()
      .regex(
        /^(true|false|\d{1,2}|[0-9a-fA-F.:/]+(,[0-9a-fA-F.:/]+)*)$/,
        'true, false, a hop count or proxy addresses',
      )
      .default('false'),
  })
  .superRefine((e, ctx) => {
    // A channel without its transport would fail at the first reminder; fail at boot instead.
    if (e.REMINDER_CHANNEL === 'email')
      for (const k of ['SMTP_URL', 'SMTP_FROM'] as const)
        if (!e[k])
          ctx.addIssue({
            code: 'custom',
            path: [k],
            message: `${k} is required when REMINDER_CHANNEL=email`,
          });
    if (e.REMINDER_CHANNEL === 'sms' && !e.SMS_GATEWAY_URL)
      ctx.addIssue({
        code: 'custom',
        path: ['SMS_GATEWAY_URL'],
        message: 'SMS_GATEWAY_URL is required when REMINDER_CHANNEL=sms',
      });
  });

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  /** 'pglite' keeps data in `${dataDir}/pgdata`; 'memory' is for tests. */
  database: { engine: 'pglite'; dataDir: string | null } | { engine: 'postgres'; url: string };
  logLevel: string;
  demo: { enabled: boolean; units: number };
  session: { idleMinutes: number; absoluteHours: number; cookieSecure: boolean };
  lockout: { threshold: number; minutes: number };
  bodyLimitBytes: number;
  uploadLimitBytes: number;
  /** Reminder delivery (催报渠道) besides the in-app notification. */
  reminders:
    | { channel: 'log' }
    | { channel: 'email'; smtpUrl: string; from: string }
    | { channel: 'sms'; gatewayUrl: string; gatewayToken: string | undefined; signature: string };
  /** The public website's origin for absolute links (feeds, sitemap); null: the request's. */
  publicBaseUrl: string | null;
  /** Fastify's trustProxy: whose X-Forwarded-For names the client. */
  trustProxy: boolean | number | string[];
  production: boolean;
  /** Folder of the built web app (vite build output). */
  webDir: string;
  /** Folder with reference data and demo definitions. */
  referenceDir: string;
}

/** The project root (where package.json lives), whatever the working directory. */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export class ConfigError extends Error {}

/** Reads and validates the environment once; throws ConfigError listing every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  // An empty variable means "not set" (e.g. `DATABASE_URL= npm start`).
  const set = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(set);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(cwd, e.TONGJI_DATA_DIR);
  const production = e.NODE_ENV === 'production';
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseUrl: e.DATABASE_URL,
    database: e.DATABASE_URL
      ? { engine: 'postgres', url: e.DATABASE_URL }
      : { engine: 'pglite', dataDir: path.join(dataDir, 'pgdata') },
    logLevel: e.LOG_LEVEL,
    demo: { enabled: e.TONGJI_DEMO, units: e.TONGJI_DEMO_UNITS },
    session: {
      idleMinutes: e.SESSION_IDLE_MINUTES,
      absoluteHours: e.SESSION_ABSOLUTE_HOURS,
      cookieSecure: e.COOKIE_SECURE ?? production,
    },
    lockout: { threshold: e.LOCKOUT_THRESHOLD, minutes: e.LOCKOUT_MINUTES },
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    uploadLimitBytes: e.UPLOAD_LIMIT_BYTES,
    reminders:
      e.REMINDER_CHANNEL === 'email'
        ? { channel: 'email', smtpUrl: e.SMTP_URL!, from: e.SMTP_FROM! }
        : e.REMINDER_CHANNEL === 'sms'
          ? {
              channel: 'sms',
              gatewayUrl: e.SMS_GATEWAY_URL!,
              gatewayToken: e.SMS_GATEWAY_TOKEN,
              signature: e.SMS_SIGNATURE,
            }
          : { channel: 'log' },
    publicBaseUrl: e.PUBLIC_BASE_URL ?? null,
    trustProxy:
      e.TRUST_PROXY === 'true'
        ? true
        : e.TRUST_PROXY === 'false'
          ? false
          : /^\d+$/.test(e.TRUST_PROXY)
            ? Number(e.TRUST_PROXY)
            : e.TRUST_PROXY.split(','),
    production,
    webDir: path.join(projectRoot, 'dist/web'),
    referenceDir: path.join(projectRoot, 'data'),
  };
}
