/**
 * Who is signed in: `/api/auth/me` through the query cache. The CSRF token from it goes to the
 * API client; a 401 anywhere drops the session so RequireAuth sends the person to sign-in.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useEffect, useMemo } from 'react';
import type { z } from 'zod';
import type { AccountView, SessionView } from '../../../src/modules/identity/contract.ts';
import { api, setCsrfToken, setUnauthenticatedHandler } from '../api/client.ts';
import { ApiProblem } from '../api/problem.ts';

export type Session = z.infer<typeof SessionView>;
export type Account = AccountView;
export type Role = Account['role'];

interface Auth {
  account: Account | null;
  /** True until the first `/me` answered. */
  loading: boolean;
  signIn(username: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  hasRole(...roles: Role[]): boolean;
}

const AuthContext = createContext<Auth | null>(null);
const ME = ['auth', 'me'] as const;

async function fetchSession(): Promise<Session | null> {
  try {
    return await api<Session>('/api/auth/me', { session: false });
  } catch (e) {
    if (e instanceof ApiProblem && e.status === 401) return null;
    throw e;
  }
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  const me = useQuery({ queryKey: ME, queryFn: fetchSession, staleTime: 60_000, retry: 1 });
  const session = me.data ?? null;

  useEffect(() => {
    setCsrfToken(session?.csrfToken ?? null);
  }, [session?.csrfToken]);

  useEffect(() => {
    setUnauthenticatedHandler(() => {
      setCsrfToken(null);
      client.setQueryData(ME, null);
    });
    return () => setUnauthenticatedHandler(null);
  }, [client]);

  const value = useMemo<Auth>(
    () => ({
      account: session?.account ?? null,
      loading: me.isPending,
      async signIn(username, password) {
        const s = await api<Session>('/api/auth/sign-in', { body: { username, password }, session: false });
        setCsrfToken(s.csrfToken);
        client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'auth' });
        client.setQueryData(ME, s);
      },
      async signOut() {
        try {
          await api('/api/auth/sign-out', { method: 'POST', session: false });
        } finally {
          setCsrfToken(null);
          client.clear();
          client.setQueryData(ME, null);
        }
      },
      hasRole: (...roles) => !!session && roles.includes(session.account.role),
    }),
    [session, me.isPending, client],
  );

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}
