import { Alert, Button, Modal, Typography } from 'antd';
import { useI18n } from '../../i18n/i18n';

/**
 * A token or signing secret the server gives out once (it keeps only a hash or a sealed copy): shown
 * with a copy button until the person says it is saved. Closing by the mask is not offered, so a
 * stray click cannot lose it.
 */
export function ShownOnce({ title, note, value, onClose }: { title: string; note: string; value: string | undefined; onClose: () => void }) {
  const { t } = useI18n();
  return (
    <Modal
      open={value !== undefined}
      title={title}
      maskClosable={false}
      closable={false}
      keyboard={false}
      footer={
        <Button type="primary" onClick={onClose}>
          {t('secret.saved')}
        </Button>
      }
    >
      <Alert type="warning" showIcon title={note} />
      <Typography.Paragraph className="songda-secret songda-mono" copyable={{ text: value ?? '', tooltips: [t('secret.copy'), t('secret.copied')] }}>
        {value}
      </Typography.Paragraph>
    </Modal>
  );
}
