import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { ApiError, api } from '../api/client';
import type { Session, SessionUser } from '../api/types';

type SessionState =
  | { status: 'unknown' }
  | { status: 'loading' }
  | { status: 'signed-in'; user: SessionUser }
  | { status: 'signed-out' }
  | { status: 'failed'; error: ApiError };

interface SessionApi {
  state: SessionState;
  /** Asks the server who is signed in (once; again after `signOut`). */
  check: () => void;
  signIn: (username: string, password: string) => Promise<SessionUser>;
  signOut: () => Promise<void>;
  /** The server refused the session (ended, or its user disabled): the console is signed out. */
  ended: () => void;
}

const SessionContext = createContext<SessionApi | undefined>(undefined);

/** The operator's sign-in: an HttpOnly cookie the page never sees, and the user it belongs to. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'unknown' });

  const check = useCallback(() => {
    setState((s) => (s.status === 'unknown' || s.status === 'failed' ? { status: 'loading' } : s));
    api
      .get<Session>('/session', { anonymous: true })
      .then((session) => setState({ status: 'signed-in', user: session.user }))
      .catch((err: unknown) => {
        if (err instanceof ApiError && err.status === 401) setState({ status: 'signed-out' });
        else setState({ status: 'failed', error: err instanceof ApiError ? err : new ApiError(0, 'client', String(err)) });
      });
  }, []);

  const signIn = useCallback(async (username: string, password: string) => {
    const session = await api.post<Session>('/session', { body: { username, password }, anonymous: true });
    setState({ status: 'signed-in', user: session.user });
    return session.user;
  }, []);

  const signOut = useCallback(async () => {
    await api.delete<void>('/session', { anonymous: true });
    setState({ status: 'signed-out' });
  }, []);

  const ended = useCallback(() => setState((s) => (s.status === 'signed-in' ? { status: 'signed-out' } : s)), []);

  const value = useMemo(() => ({ state, check, signIn, signOut, ended }), [state, check, signIn, signOut, ended]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionApi {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** Only a path on this site, so `next` can never send the operator elsewhere. */
export function safeNext(next: string | null | undefined): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}
