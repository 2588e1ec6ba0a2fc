import { Segmented, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../../i18n/i18n';

/** Citizen pages: one narrow column, large touch targets, no console chrome. */
export function CitizenShell({ title, children }: { title: string; children: ReactNode }) {
  const { t, locale, setLocale } = useI18n();
  return (
    <div className="songda-citizen">
      <header className="songda-citizen-header">
        <span className="songda-brand-mark" aria-hidden>
          送
        </span>
        <span className="songda-citizen-brand">{t('citizen.brand')}</span>
        <Segmented
          size="small"
          aria-label={t('header.language')}
          value={locale}
          onChange={(v) => setLocale(v === 'en' ? 'en' : 'zh')}
          options={[
            { value: 'zh', label: '中' },
            { value: 'en', label: 'EN' },
          ]}
        />
      </header>
      <main className="songda-citizen-main">
        <Typography.Title level={1} className="songda-citizen-title">
          {title}
        </Typography.Title>
        {children}
      </main>
      <footer className="songda-citizen-footer">{t('citizen.footer')}</footer>
    </div>
  );
}

/** What the citizen can do about an invitation error, by its code; the server's message follows. */
export const INVITATION_ERRORS: Record<string, 'citizen.err.expired' | 'citizen.err.used' | 'citizen.err.invalid' | 'citizen.err.rateLimited'> = {
  invitation_expired: 'citizen.err.expired',
  invitation_used: 'citizen.err.used',
  invitation_not_found: 'citizen.err.invalid',
  invitation_invalid: 'citizen.err.invalid',
  invitation_other_program: 'citizen.err.invalid',
  rate_limited: 'citizen.err.rateLimited',
};
