import { UploadOutlined } from '@ant-design/icons';
import { Button, Card, Col, Empty, Form, Input, Modal, Row, Table, Tree, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import type { TUnit } from '../../api/types';
import { mayView, useSignedInUser } from '../../app/access';
import { ApiErrorAlert } from '../../components/api-error';
import { ImportPanel } from '../../components/import-panel';
import { PageHeader } from '../../components/page-header';
import { refreshUnits, useUnits } from '../../components/units';
import { mono } from '../../components/mono';
import { useI18n } from '../../i18n/i18n';
import { useUrlState } from '../../lib/url-state';
import { type DivisionNode, buildDivisionTree, unitInDivision } from '../../lib/division-tree';
import { UnitCalendarDrawer } from './unit-calendar-drawer';

interface TreeNode {
  key: string;
  title: string;
  children: TreeNode[];
}

function toTreeData(nodes: DivisionNode[], placeholderName: string): TreeNode[] {
  return nodes.map((n) => ({
    key: n.code,
    title: `${n.placeholder ? placeholderName : n.name} (${n.unitCount})`,
    children: toTreeData(n.children, placeholderName),
  }));
}

function ancestorsOf(nodes: DivisionNode[], code: string, path: string[] = []): string[] {
  for (const n of nodes) {
    if (n.code === code) return path;
    const found = ancestorsOf(n.children, code, [...path, n.code]);
    if (found.length > 0) return found;
  }
  return [];
}

function findNode(nodes: DivisionNode[], code: string): DivisionNode | undefined {
  for (const n of nodes) {
    if (n.code === code) return n;
    const below = findNode(n.children, code);
    if (below) return below;
  }
  return undefined;
}

/** Units by province, city and county, with the division names; import from a spreadsheet; an admin sets a unit's work calendar. */
export default function UnitsPage() {
  const { t, label } = useI18n();
  const { units, byCode, error, loading } = useUnits();
  const { get, set } = useUrlState();
  const [importing, setImporting] = useState(false);
  const admin = mayView(useSignedInUser(), 'admin');
  const [calendarOf, setCalendarOf] = useState<TUnit>();
  const division = get('division');
  const query = (get('q') ?? '').trim().toLowerCase();

  const tree = useMemo(() => buildDivisionTree(units), [units]);
  // Provinces open until the operator opens or closes nodes; the chosen division's branch stays open.
  const [expanded, setExpanded] = useState<string[]>();
  const expandedKeys = expanded ?? [...tree.map((p) => p.code), ...(division ? ancestorsOf(tree, division) : [])];
  const treeData = useMemo(() => toTreeData(tree, t('units.placeholderCity')), [tree, t]);
  const selected = division ? findNode(tree, division) : undefined;
  const shown = units.filter(
    (u) => (!division || unitInDivision(u, division, selected?.level)) && (!query || u.code.toLowerCase().includes(query) || u.name.toLowerCase().includes(query)),
  );

  return (
    <div className="songda-page">
      <PageHeader
        title={t('units.title')}
        subtitle={t('units.subtitle', { n: units.length })}
        extra={
          <Button type="primary" icon={<UploadOutlined />} onClick={() => setImporting(true)}>
            {t('units.import')}
          </Button>
        }
      />
      <ApiErrorAlert error={error} title={t('units.loadFailed')} />
      <Row gutter={12}>
        <Col xs={24} lg={7} xl={6}>
          <Card size="small" className="songda-card" title={t('units.divisions')}>
            {tree.length === 0 && !loading ? (
              <Empty description={t('units.none')} />
            ) : (
              <Tree
                className="songda-division-tree"
                showLine
                blockNode
                height={620}
                treeData={treeData}
                expandedKeys={expandedKeys}
                onExpand={(keys) => setExpanded(keys.map(String))}
                selectedKeys={division ? [division] : []}
                onSelect={(keys) => set({ division: keys[0] === undefined ? null : String(keys[0]) })}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={17} xl={18}>
          <Card
            size="small"
            className="songda-card"
            title={selected ? `${selected.placeholder ? t('units.placeholderCity') : selected.name} · ${t('units.count', { n: shown.length })}` : t('units.all', { n: shown.length })}
            extra={
              <Form layout="inline">
                <Form.Item label={t('units.search')} htmlFor="units-q" style={{ marginInlineEnd: 0 }}>
                  <Input.Search id="units-q" allowClear defaultValue={get('q')} onSearch={(q) => set({ q })} style={{ width: 220 }} />
                </Form.Item>
              </Form>
            }
          >
            <Table<TUnit>
              size="small"
              bordered
              rowKey="code"
              loading={loading}
              dataSource={shown}
              pagination={{ pageSize: 50, size: 'small', showSizeChanger: false, showTotal: (n) => t('units.count', { n }) }}
              scroll={{ x: admin ? 950 : 860 }}
              columns={[
                { title: t('units.code'), dataIndex: 'code', width: 110, render: mono },
                { title: t('units.name'), dataIndex: 'name', ellipsis: true },
                { title: t('units.kind'), dataIndex: 'kind', width: 100, render: (k: string) => label('unitKind', k) },
                { title: t('units.division'), dataIndex: 'divisionName', ellipsis: true, render: (n: string | null, u) => n ?? u.divisionCode },
                {
                  title: t('units.parent'),
                  dataIndex: 'parentCode',
                  ellipsis: true,
                  render: (p: string | null) => (p ? (byCode.get(p)?.name ?? p) : '–'),
                },
                { title: t('units.endOfShift'), dataIndex: 'endOfShift', width: 84, render: (s: string | null, u) => s ?? (u.kind === 'delivery_office' ? t('units.defaultShift') : '–') },
                {
                  title: t('units.queue'),
                  key: 'queue',
                  width: 90,
                  render: (_: unknown, u) => <Link to={`/units/${encodeURIComponent(u.code)}/breakpoints`}>{t('units.openQueue')}</Link>,
                },
                ...(admin
                  ? [
                      {
                        title: t('calendar.column'),
                        key: 'calendar',
                        width: 90,
                        render: (_: unknown, u: TUnit) => (
                          <Button type="link" size="small" aria-label={`${t('calendar.column')} ${u.name}`} onClick={() => setCalendarOf(u)}>
                            {t('calendar.edit')}
                          </Button>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
          </Card>
        </Col>
      </Row>
      {admin && <UnitCalendarDrawer unit={calendarOf} onClose={() => setCalendarOf(undefined)} />}
      <Modal open={importing} title={t('units.import')} footer={null} width={760} onCancel={() => setImporting(false)} destroyOnHidden>
        <ImportPanel
          endpoint="/units/import"
          hint={
            <>
              {t('units.importHint')} <Typography.Text code>单位代码 code, 单位名称 name, 单位类型 kind, 区划代码 divisionCode, 上级单位代码 parentCode, 收班时间 endOfShift</Typography.Text>
            </>
          }
          onImported={() => refreshUnits()}
        />
      </Modal>
    </div>
  );
}
