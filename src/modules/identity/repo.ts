/** Identity's SQL: accounts, sessions and API tokens (schema `identity`). */
import type { Generated, Kysely, Selectable } from 'kysely';
import type { Db } from '../../platform/db.ts';

export interface IdentityTables {
  'identity.accounts': {
    id: Generated<string>;
    username: string;
    display_name: string;
    role: string;
    office_id: string | null;
    division_code: string | null;
    unit_id: string | null;
    password_hash: string;
    password_changed_at: Generated<Date>;
    failed_attempts: Generated<number>;
    locked_until: Date | null;
    disabled: Generated<boolean>;
    email: string | null;
    phone: string | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
    version: Generated<number>;
  };
  'identity.sessions': {
    id: string;
    account_id: string;
    csrf_token: string;
    created_at: Generated<Date>;
    last_seen_at: Generated<Date>;
    expires_at: Date;
    ip: string | null;
    user_agent: string | null;
    revoked_at: Date | null;
  };
  'identity.api_tokens': {
    id: Generated<string>;
    account_id: string;
    name: string;
    token_hash: string;
    prefix: string;
    created_at: Generated<Date>;
    expires_at: Date | null;
    last_used_at: Date | null;
    revoked_at: Date | null;
  };
}

export type AccountRow = Selectable<IdentityTables['identity.accounts']>;
export type TokenRow = Selectable<IdentityTables['identity.api_tokens']>;

export const identityDb = (db: Db) => db as unknown as Kysely<IdentityTables>;
