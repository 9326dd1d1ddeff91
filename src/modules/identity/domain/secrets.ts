/** Opaque secrets for sessions, CSRF and API tokens: random, and stored only as SHA-256 digests. */
import { createHash, randomBytes } from 'node:crypto';

export const newSecret = (bytes = 32) => randomBytes(bytes).toString('base64url');

export const digest = (secret: string) => createHash('sha256').update(secret).digest('hex');

/** API tokens start with `tj_` so leaked ones are recognisable; the first 10 characters are shown in lists. */
export const newApiToken = () => `tj_${newSecret(32)}`;
export const tokenPrefix = (token: string) => token.slice(0, 10);
