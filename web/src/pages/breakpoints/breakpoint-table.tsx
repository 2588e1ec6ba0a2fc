import { Tag, Typography } from 'antd';
import { Link, useNavigate } from 'react-router';
import type { TBreakpoint } from '../../api/types';
import { NavTable } from '../../components/nav-table';
import { UnitLink } from '../../components/units';
import { useI18n } from '../../i18n/i18n';
import { localTime } from '../../lib/format';

/** Break-points with the item as drill-down: Enter (or a click) on a row opens the item's timeline. */
export function BreakpointTable({ rows, loading, showUnit = true }: { rows: TBreakpoint[]; loading: boolean; showUnit?: boolean }) {
  const { t, label } = useI18n();
  const navigate = useNavigate();
  const itemPath = (no: string) => `/items/${encodeURIComponent(no)}`;
  return (
    <NavTable<TBreakpoint>
      rowKey="id"
      loading={loading}
      dataSource={rows}
      onOpen={(b) => navigate(itemPath(b.trackingNo))}
      rowLabel={(b) => `${b.trackingNo} ${label('bpType', b.type)} ${b.responsibleUnitName ?? b.responsibleUnit}`}
      scroll={{ x: 980 }}
      locale={{ emptyText: t('bp.none') }}
      columns={[
        {
          title: t('item.trackingNo'),
          dataIndex: 'trackingNo',
          width: 150,
          render: (no: string) => (
            <Link to={itemPath(no)} className="songda-mono" tabIndex={-1}>
              {no}
            </Link>
          ),
        },
        { title: t('col.type'), dataIndex: 'type', width: 150, render: (type: string) => label('bpType', type) },
        ...(showUnit
          ? [
              {
                title: t('bp.responsible'),
                dataIndex: 'responsibleUnit',
                width: 190,
                ellipsis: true,
                render: (code: string, b: TBreakpoint) => (
                  <span onClick={(e) => e.stopPropagation()}>
                    <UnitLink code={code} name={b.responsibleUnitName} />
                  </span>
                ),
              },
            ]
          : []),
        { title: t('bp.visitShort'), dataIndex: 'visit', width: 52, align: 'right' as const },
        { title: t('bp.openedAt'), dataIndex: 'openedAt', width: 170, render: (iso: string) => <span className="songda-mono">{localTime(iso)}</span> },
        {
          title: t('col.status'),
          dataIndex: 'closedAt',
          width: 200,
          render: (closed: string | null) =>
            closed ? (
              <Typography.Text type="secondary" className="songda-nowrap">
                {t('bp.closed')} {localTime(closed)}
              </Typography.Text>
            ) : (
              <Tag color="red">{t('bp.open')}</Tag>
            ),
        },
        { title: t('bp.detail'), dataIndex: 'detail', ellipsis: true },
      ]}
    />
  );
}
