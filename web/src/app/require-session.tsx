import { Button, Result, Spin } from 'antd';
import { type ReactNode, useEffect } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useI18n } from '../i18n/i18n';
import { useSession } from './session';

/** Console pages: signed-in operators only; anyone else goes to /login and comes back. */
export function RequireSession({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const { state, check } = useSession();
  const location = useLocation();
  useEffect(() => {
    if (state.status === 'unknown') check();
  }, [state.status, check]);

  if (state.status === 'signed-in') return <>{children}</>;
  if (state.status === 'signed-out') {
    return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  }
  if (state.status === 'failed') {
    return (
      <Result
        status="error"
        title={t('session.checkFailed')}
        subTitle={state.error.message}
        extra={
          <Button type="primary" onClick={check}>
            {t('action.retry')}
          </Button>
        }
      />
    );
  }
  return (
    <div className="songda-center">
      <Spin size="large" description={t('session.checking')} />
    </div>
  );
}
