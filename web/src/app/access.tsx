import { Button, Result } from 'antd';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router';
import type { SessionUser } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { useSession } from './session';

/**
 * Who a console page is for. The API is what protects data (a partner's session is scoped, and
 * answers 403 on every route that is not for partners); this only keeps the console from offering
 * pages that would answer nothing but that 403.
 * - `all`: every signed-in user (a partner sees its own programs, items, break-points);
 * - `staff`: the post's own people (overview, reports, reconciliation, units);
 * - `admin`: the post's administrators (partners' credentials and webhooks);
 * - `partner`: a user bound to a partner ("my access").
 */
export type Audience = 'all' | 'staff' | 'admin' | 'partner';

export function mayView(user: SessionUser | undefined, audience: Audience): boolean {
  if (!user) return false;
  switch (audience) {
    case 'all':
      return true;
    case 'staff':
      // A courier records outcomes at the door (the API's courier routes), not in the office's console.
      return user.role !== 'partner' && user.role !== 'courier';
    case 'admin':
      return user.role === 'admin';
    case 'partner':
      return user.role === 'partner' && user.partner !== null;
  }
}

/** The signed-in user (the console's routes are all behind RequireSession). */
export function useSignedInUser(): SessionUser | undefined {
  const { state } = useSession();
  return state.status === 'signed-in' ? state.user : undefined;
}

/** Where a user lands: the overview for the post's staff, the programs for a partner, the phone page for a courier. */
export const homePath = (user: SessionUser | undefined) => (user?.role === 'partner' ? '/programs' : user?.role === 'courier' ? '/m' : '/');

/** A page for one audience; anyone else is told it is not for them (and led back home). */
export function ForAudience({ audience, children }: { audience: Audience; children: ReactNode }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const user = useSignedInUser();
  if (mayView(user, audience)) return <>{children}</>;
  return (
    <Result
      status="403"
      title={t('forbidden.title')}
      subTitle={user?.role === 'partner' ? t('forbidden.subtitle') : undefined}
      extra={
        <Button type="primary" onClick={() => navigate(homePath(user))}>
          {user?.role === 'partner' ? t('forbidden.home') : t('nav.overview')}
        </Button>
      }
    />
  );
}
