import { Tag } from 'antd';
import { useI18n } from '../../i18n/i18n';

const COLORS: Record<string, string> = {
  CREATED: 'default',
  ACCEPTED: 'blue',
  DISPATCHED: 'cyan',
  ARRIVED: 'cyan',
  AT_DELIVERY_OFFICE: 'geekblue',
  OUT_FOR_DELIVERY: 'purple',
  DELIVERED: 'green',
  DELIVERY_FAILED: 'orange',
  HELD: 'gold',
  RETURNED: 'magenta',
};

export function StatusTag({ status }: { status: string }) {
  const { label } = useI18n();
  return <Tag color={COLORS[status] ?? 'default'}>{label('scan', status)}</Tag>;
}
