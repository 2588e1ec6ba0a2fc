import { DownloadOutlined } from '@ant-design/icons';
import { Button, Space, Tooltip } from 'antd';
import { apiUrl } from '../../api/client';
import { useI18n } from '../../i18n/i18n';

interface ExportLinksProps {
  from: string;
  to: string;
  groupBy?: 'unit' | 'city' | 'province';
  group?: string;
}

/**
 * The server's exports of the offending items (break-point rate report, format=xlsx|csv): plain
 * links, so the browser downloads the file the server writes with the session cookie.
 */
export function ExportLinks({ from, to, groupBy, group }: ExportLinksProps) {
  const { t } = useI18n();
  return (
    <DownloadButtons
      hint={t('export.hint', { from, to })}
      href={(format) => apiUrl('/reports/breakpoint-rate', { from, to, groupBy: group ? groupBy : undefined, group, format })}
    />
  );
}

interface ListExportLinksProps {
  status: string;
  type?: string;
  unit?: string;
  from?: string;
  to?: string;
}

/** Every break-point the list's filters match, as the server writes it (GET /breakpoints/export). */
export function ListExportLinks(filters: ListExportLinksProps) {
  const { t } = useI18n();
  return <DownloadButtons hint={t('export.listHint')} href={(format) => apiUrl('/breakpoints/export', { ...filters, format })} />;
}

function DownloadButtons({ hint, href }: { hint: string; href: (format: 'xlsx' | 'csv') => string }) {
  const { t } = useI18n();
  return (
    <Tooltip title={hint}>
      <Space.Compact>
        <Button icon={<DownloadOutlined />} href={href('xlsx')} download>
          {t('export.xlsx')}
        </Button>
        <Button href={href('csv')} download>
          CSV
        </Button>
      </Space.Compact>
    </Tooltip>
  );
}
