import { Button, Card, Form, Input, Segmented, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { homePath } from '../app/access';
import { safeNext, useSession } from '../app/session';
import { ApiErrorAlert } from '../components/api-error';
import { useI18n } from '../i18n/i18n';

interface Credentials {
  username: string;
  password: string;
}

export default function LoginPage() {
  const { t, locale, setLocale } = useI18n();
  const { state, signIn } = useSession();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const next = safeNext(params.get('next'));

  if (state.status === 'signed-in') return <Navigate to={next} replace />;

  const onFinish = async ({ username, password }: Credentials) => {
    setBusy(true);
    setError(undefined);
    try {
      const user = await signIn(username, password);
      // Signed in from the start page, a user goes to their own home (a courier to the phone page).
      navigate(next === '/' ? homePath(user) : next, { replace: true });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="songda-login">
      <Card className="songda-login-card">
        <div className="songda-login-head">
          <span className="songda-brand-mark" aria-hidden>
            送
          </span>
          <div>
            <Typography.Title level={1} className="songda-login-title">
              {t('app.name')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('login.subtitle')}</Typography.Text>
          </div>
        </div>
        <Form<Credentials> layout="vertical" onFinish={(v) => void onFinish(v)} requiredMark={false} disabled={busy}>
          <Form.Item name="username" label={t('login.username')} rules={[{ required: true, message: t('login.usernameRequired') }]}>
            <Input autoComplete="username" autoFocus size="large" />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
            <Input.Password autoComplete="current-password" size="large" />
          </Form.Item>
          {error !== undefined && (
            <Form.Item>
              <ApiErrorAlert error={error} title={t('login.failed')} />
            </Form.Item>
          )}
          <Button type="primary" htmlType="submit" block size="large" loading={busy}>
            {t('login.submit')}
          </Button>
        </Form>
        <div className="songda-login-foot">
          <Typography.Text type="secondary">{t('login.tokensNote')}</Typography.Text>
          <Segmented
            size="small"
            aria-label={t('header.language')}
            value={locale}
            onChange={(v) => setLocale(v === 'en' ? 'en' : 'zh')}
            options={[
              { value: 'zh', label: '中文' },
              { value: 'en', label: 'EN' },
            ]}
          />
        </div>
      </Card>
    </main>
  );
}
