import { Alert, Button, Form, Space, Statistic, Table } from 'antd';
import { useId, useState } from 'react';
import { api } from '../api/client';
import type { ImportResult } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { ApiErrorAlert } from './api-error';

interface ImportPanelProps {
  /** API path taking multipart `file`, with `?dryRun=true` for a trial run. */
  endpoint: string;
  /** What the file should hold (columns), shown above the picker. */
  hint?: React.ReactNode;
  onImported?: (result: ImportResult) => void;
}

/**
 * Spreadsheet import in two steps: a dry run checks every row and stores nothing, then the operator
 * imports the same file. Rejected rows are listed with their row number and column.
 */
export function ImportPanel({ endpoint, hint, onImported }: ImportPanelProps) {
  const { t } = useI18n();
  const inputId = useId();
  const [file, setFile] = useState<File>();
  const [busy, setBusy] = useState<'dry' | 'real'>();
  const [result, setResult] = useState<{ dryRun: boolean; file: File; answer: ImportResult }>();
  const [error, setError] = useState<unknown>();

  const run = async (dryRun: boolean) => {
    if (!file) return;
    const form = new FormData();
    form.set('file', file, file.name);
    setBusy(dryRun ? 'dry' : 'real');
    setError(undefined);
    try {
      const answer = await api.post<ImportResult>(endpoint, { form, query: dryRun ? { dryRun: 'true' } : {} });
      setResult({ dryRun, file, answer });
      if (!dryRun) onImported?.(answer);
    } catch (err) {
      setError(err);
      setResult(undefined);
    } finally {
      setBusy(undefined);
    }
  };

  const checked = result?.dryRun === true && result.file === file;
  return (
    <div className="songda-import">
      {hint && <Alert type="info" title={hint} className="songda-import-hint" />}
      <Form layout="vertical" onSubmitCapture={(e) => e.preventDefault()}>
        <Form.Item label={t('import.file')} htmlFor={inputId} extra={t('import.fileHint')}>
          <input
            id={inputId}
            type="file"
            className="songda-file-input"
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(e) => {
              setFile(e.target.files?.[0]);
              setResult(undefined);
              setError(undefined);
            }}
          />
        </Form.Item>
        <Space>
          <Button type="primary" disabled={!file} loading={busy === 'dry'} onClick={() => void run(true)}>
            {t('import.dryRun')}
          </Button>
          <Button disabled={!checked || busy !== undefined} loading={busy === 'real'} onClick={() => void run(false)}>
            {t('import.commit')}
          </Button>
        </Space>
      </Form>
      <ApiErrorAlert error={error} title={t('import.failed')} />
      {result && <ImportOutcome dryRun={result.dryRun} answer={result.answer} />}
    </div>
  );
}

function ImportOutcome({ dryRun, answer }: { dryRun: boolean; answer: ImportResult }) {
  const { t } = useI18n();
  return (
    <section className="songda-import-result" aria-label={t('import.result')}>
      <Alert
        type={answer.rejected.length > 0 ? 'warning' : 'success'}
        showIcon
        title={dryRun ? t('import.dryRunDone') : t('import.done')}
        description={answer.rejectedRows > 0 ? t('import.someRejected', { n: answer.rejectedRows }) : undefined}
      />
      <Space size="large" className="songda-import-figures">
        <Statistic title={dryRun ? t('import.wouldImport') : t('import.imported')} value={answer.imported} />
        <Statistic title={dryRun ? t('import.wouldUpdate') : t('import.updated')} value={answer.updated} />
        <Statistic title={t('import.rejected')} value={answer.rejectedRows} />
      </Space>
      {answer.rejected.length > 0 && (
        <Table
          size="small"
          bordered
          rowKey={(r) => `${r.row}-${r.column ?? ''}-${r.message}`}
          dataSource={answer.rejected}
          pagination={answer.rejected.length > 20 ? { pageSize: 20, size: 'small', showSizeChanger: false } : false}
          caption={t('import.rejectedRows')}
          columns={[
            { title: t('import.row'), dataIndex: 'row', width: 80 },
            { title: t('import.column'), dataIndex: 'column', width: 160, render: (c?: string) => c ?? '–' },
            { title: t('import.message'), dataIndex: 'message' },
          ]}
        />
      )}
    </section>
  );
}
