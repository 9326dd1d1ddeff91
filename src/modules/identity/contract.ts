/** Identity API contract (zod): shared by routes and the web app. */
import { z } from 'zod';
import { ROLES } from '../../platform/auth.ts';

export const Role = z.enum(ROLES);

export const SignInRequest = z.strictObject({
  username: z.string().trim().min(1).max(100),
  password: z.string().min(1).max(200),
});

export const AccountView = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: Role,
  officeId: z.string().nullable(),
  divisionCode: z.string().nullable(),
  unitId: z.string().nullable(),
  disabled: z.boolean(),
  locked: z.boolean(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  createdAt: z.string(),
  version: z.number().int(),
});
export type AccountView = z.infer<typeof AccountView>;

export const SessionView = z.object({
  account: AccountView,
  csrfToken: z.string(),
  expiresAt: z.string(),
  idleMinutes: z.number().int(),
});

export const ChangePasswordRequest = z.strictObject({
  currentPassword: z.string().min(1).max(200),
  newPassword: z.string().min(1).max(200),
});

export const CreateAccountRequest = z.strictObject({
  username: z
    .string()
    .trim()
    .min(3)
    .max(64)
    .regex(/^[A-Za-z0-9_.@-]+$/, 'letters, digits, _ . @ -'),
  displayName: z.string().trim().min(1).max(100),
  role: Role,
  officeId: z.string().min(1).max(64).optional(),
  unitId: z.string().uuid().optional(),
  password: z.string().min(1).max(200),
  email: z.string().email().max(200).optional(),
  phone: z.string().max(40).optional(),
});

export const UpdateAccountRequest = z.strictObject({
  version: z.number().int(),
  displayName: z.string().trim().min(1).max(100).optional(),
  disabled: z.boolean().optional(),
  unlock: z.literal(true).optional(),
  password: z.string().min(1).max(200).optional(),
  email: z.string().email().max(200).nullable().optional(),
  phone: z.string().max(40).nullable().optional(),
});

export const AccountQuery = z.strictObject({
  q: z.string().max(100).optional(),
  role: Role.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const AccountPage = z.object({
  items: z.array(AccountView),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

export const CreateTokenRequest = z.strictObject({
  name: z.string().trim().min(1).max(100),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});

export const TokenView = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

export const CreatedToken = TokenView.extend({
  /** Shown once; only its SHA-256 digest is stored. */
  token: z.string(),
});

export const Ok = z.object({ ok: z.literal(true) });
