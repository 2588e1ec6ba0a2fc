import { Button, Form, Input, Space } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useI18n } from '../i18n/i18n';
import { searchTarget } from '../lib/search-target';

/**
 * The one search box: a tracking number opens its item's timeline; a phone or ID number, a name, a
 * document number or an agency's reference opens the grouped results.
 */
export function TrackingSearch({ initial = '', autoFocus = false }: { initial?: string; autoFocus?: boolean }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [value, setValue] = useState(initial);
  const [problem, setProblem] = useState<'empty' | 'short'>();
  const submit = () => {
    const target = searchTarget(value);
    if (!target) {
      setProblem(value.trim() === '' ? 'empty' : 'short');
      return;
    }
    setProblem(undefined);
    navigate(target);
  };
  return (
    <Form layout="inline" onFinish={submit} className="songda-tracking-search">
      <Form.Item
        validateStatus={problem ? 'error' : undefined}
        help={problem ? t(problem === 'empty' ? 'search.empty' : 'search.tooShort') : undefined}
      >
        <Space.Compact className="songda-search-compact">
          <Input
            id="tracking-search"
            aria-label={t('search.label')}
            value={value}
            onChange={(e) => setValue(e.target.value)}
            placeholder={t('search.placeholder')}
            autoFocus={autoFocus}
            allowClear
          />
          <Button type="primary" htmlType="submit">
            {t('action.search')}
          </Button>
        </Space.Compact>
      </Form.Item>
    </Form>
  );
}
