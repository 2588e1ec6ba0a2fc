import { Alert } from 'antd';
import { ApiError } from '../api/client';
import { useI18n } from '../i18n/i18n';

interface DetailRow {
  where: string;
  message: string;
}

/** Per-row details the API gives (`[{row|line|index, field|column, message}]`), as lines to show. */
function detailRows(details: unknown): DetailRow[] {
  if (!Array.isArray(details)) return [];
  return details.flatMap((d): DetailRow[] => {
    if (typeof d !== 'object' || d === null) return [{ where: '', message: String(d) }];
    const r = d as Record<string, unknown>;
    const position = r.row ?? r.line ?? r.index;
    const field = r.field ?? r.column;
    const where = [position === undefined ? '' : `#${String(position)}`, field === undefined || field === '' ? '' : String(field)].filter(Boolean).join(' ');
    return [{ where, message: String(r.message ?? r.error ?? JSON.stringify(d)) }];
  });
}

// Details that only say what the message already says (the field at fault, a limit, a wait) are for programs, not shown.
const MACHINE_ONLY = new Set(['field', 'retryAfterSeconds', 'limit', 'given', 'program']);
const saysMore = (details: object) => Object.keys(details).some((k) => !MACHINE_ONLY.has(k));

/** Shows an API error: its message, and the per-row details when the answer has them. */
export function ApiErrorAlert({ error, title }: { error: unknown; title?: string }) {
  const { t } = useI18n();
  if (error === undefined || error === null) return null;
  const message = error instanceof Error ? error.message : String(error);
  const details = error instanceof ApiError ? error.details : undefined;
  // A detail that only repeats the message (one field at fault) is not shown a second time.
  const rows = detailRows(details).filter((r) => !message.includes(r.message));
  const code = error instanceof ApiError && error.status > 0 ? `${error.status} ${error.code}` : '';
  return (
    <Alert
      type="error"
      showIcon
      className="songda-error"
      title={title ?? t('error.title')}
      description={
        <>
          <div>
            {message}
            {code && <span className="songda-error-code"> ({code})</span>}
          </div>
          {rows.length > 0 && (
            <ul className="songda-error-details">
              {rows.slice(0, 50).map((r, i) => (
                <li key={i}>
                  {r.where && <strong>{r.where}: </strong>}
                  {r.message}
                </li>
              ))}
              {rows.length > 50 && <li>{t('error.moreDetails', { n: rows.length - 50 })}</li>}
            </ul>
          )}
          {rows.length === 0 && details !== undefined && details !== null && typeof details === 'object' && !Array.isArray(details) && saysMore(details) && <pre className="songda-error-json">{JSON.stringify(details, null, 2)}</pre>}
        </>
      }
    />
  );
}
