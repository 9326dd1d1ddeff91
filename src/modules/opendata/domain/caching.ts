/**
 * HTTP caching of public answers: a strong ETag from everything the answer depends on (table,
 * selection, format, language and publication's version of what is visible), `If-None-Match`
 * matching, and a `max-age` that never reaches past the next release minute — so neither a
 * browser nor a proxy can hold an answer that a release has made stale.
 */
import { createHash } from 'node:crypto';

/** Longest time a public answer may be cached when no release is due sooner (seconds). */
export const MAX_AGE_SECONDS = 300;

/** A strong entity tag for the answer's key. */
export function entityTag(key: string): string {
  return `"${createHash('sha256').update(key).digest('base64url').slice(0, 32)}"`;
}

/**
 * Whether `If-None-Match` names the tag. The header's comparison is the weak one (RFC 9110
 * 13.1.2): `W/"x"` matches `"x"`; `*` matches any current answer.
 */
export function noneMatch(header: string | undefined, tag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''))
    .includes(tag);
}

/** Seconds an answer may be kept: at most MAX_AGE_SECONDS and never past `nextChange`. */
export function maxAgeSeconds(now: Date, nextChange: Date | null): number {
  if (!nextChange) return MAX_AGE_SECONDS;
  const left = Math.floor((nextChange.getTime() - now.getTime()) / 1000);
  return Math.max(0, Math.min(MAX_AGE_SECONDS, left));
}
