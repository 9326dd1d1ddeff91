/** Identity calls, typed from the server's contract. */
import type { z } from 'zod';
import type {
  AccountPage,
  AccountView,
  CreateAccountRequest,
  CreatedToken,
  TokenView,
  UpdateAccountRequest,
} from '../../../../src/modules/identity/contract.ts';
import { api } from '../../api/client.ts';

export type Token = z.infer<typeof TokenView>;
export type NewToken = z.infer<typeof CreatedToken>;
export type Accounts = z.infer<typeof AccountPage>;
export type NewAccount = z.input<typeof CreateAccountRequest>;
export type AccountChange = z.input<typeof UpdateAccountRequest>;

export const identityApi = {
  changePassword: (currentPassword: string, newPassword: string) =>
    api('/api/auth/password', { body: { currentPassword, newPassword } }),
  tokens: () => api<Token[]>('/api/auth/tokens'),
  createToken: (name: string, expiresInDays?: number) =>
    api<NewToken>('/api/auth/tokens', { body: { name, ...(expiresInDays ? { expiresInDays } : {}) } }),
  revokeToken: (id: string) => api(`/api/auth/tokens/${id}`, { method: 'DELETE' }),
  accounts: (query: { q?: string; role?: string; page: number; pageSize: number }) =>
    api<Accounts>('/api/accounts', { query }),
  createAccount: (body: NewAccount) => api<AccountView>('/api/accounts', { body }),
  updateAccount: (id: string, body: AccountChange) =>
    api<AccountView>(`/api/accounts/${id}`, { method: 'PATCH', body }),
};
