import { Button, Select, Space, Typography } from 'antd';
import { useI18n } from '../i18n/i18n';
import { useKeysetPaging, useUrlState } from '../lib/url-state';

export const PAGE_SIZES = [20, 50, 100, 200] as const;
export const DEFAULT_PAGE_SIZE = 50;

export function usePageSize(): number {
  const { get } = useUrlState();
  const n = Number(get('limit'));
  return (PAGE_SIZES as readonly number[]).includes(n) ? n : DEFAULT_PAGE_SIZE;
}

/** First / previous / next over a keyset-paged list; the page size is in the URL too. */
export function KeysetPager({ nextCursor, rowCount, loading }: { nextCursor: string | null | undefined; rowCount: number; loading?: boolean }) {
  const { t } = useI18n();
  const paging = useKeysetPaging();
  const { set } = useUrlState();
  const limit = usePageSize();
  return (
    <nav className="songda-pager" aria-label={t('pager.label')}>
      <Space wrap>
        <Typography.Text type="secondary">{t('pager.page', { page: paging.pageNumber, rows: rowCount })}</Typography.Text>
        <Button size="small" disabled={paging.pageNumber === 1 || loading} onClick={paging.first}>
          {t('pager.first')}
        </Button>
        <Button size="small" disabled={paging.pageNumber === 1 || loading} onClick={paging.previous}>
          {t('pager.previous')}
        </Button>
        <Button size="small" disabled={!nextCursor || loading} onClick={() => nextCursor && paging.next(nextCursor)}>
          {t('pager.next')}
        </Button>
        <Select
          size="small"
          aria-label={t('pager.size')}
          value={limit}
          style={{ width: 110 }}
          options={PAGE_SIZES.map((n) => ({ value: n, label: t('pager.perPage', { n }) }))}
          onChange={(n) => set({ limit: n === DEFAULT_PAGE_SIZE ? null : n })}
        />
      </Space>
    </nav>
  );
}
