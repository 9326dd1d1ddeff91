/**
 * Password hashing with scrypt (node:crypto) and the password rules (密码规则). Hashes carry their
 * parameters, so they can be strengthened later without breaking old accounts.
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';

const PARAMS = { N: 16384, r: 8, p: 1, keylen: 32 } as const;

function scrypt(
  password: string,
  salt: Buffer,
  N: number,
  r: number,
  p: number,
  keylen: number,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCb(password.normalize('NFKC'), salt, keylen, { N, r, p, maxmem: 64 * 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

/** `scrypt$N$r$p$salt$hash` (base64url). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, PARAMS.N, PARAMS.r, PARAMS.p, PARAMS.keylen);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join(
    '$',
  );
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, salt, hash] = parts;
  const expected = Buffer.from(hash, 'base64url');
  const key = await scrypt(
    password,
    Buffer.from(salt, 'base64url'),
    Number(n),
    Number(r),
    Number(p),
    expected.length,
  );
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash of a random password, verified against when the username does not exist, so timing does not tell. */
export const DUMMY_HASH_PROMISE = hashPassword(randomBytes(16).toString('hex'));

export type PasswordRuleViolation = 'too_short' | 'too_long' | 'too_simple' | 'contains_username';

export const PASSWORD_MIN_LENGTH = 10;

/**
 * Rules: 10–128 characters, at least three of lower case, upper case, digits and symbols
 * (the usual 等级保护 level-3 requirement), and not containing the username.
 */
export function checkPasswordRules(password: string, username: string): PasswordRuleViolation[] {
  const out: PasswordRuleViolation[] = [];
  if (password.length < PASSWORD_MIN_LENGTH) out.push('too_short');
  if (password.length > 128) out.push('too_long');
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) out.push('too_simple');
  if (username.length >= 3 && password.toLowerCase().includes(username.toLowerCase()))
    out.push('contains_username');
  return out;
}
