import { App, type FormInstance, Modal } from 'antd';
import { type ReactNode, useEffect, useState } from 'react';
import { api } from '../api/client';
import type { TUpsertResult } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { elementError, showElementError } from '../lib/element-errors';
import { ApiErrorAlert } from './api-error';

interface UpsertFormOptions<TFields> {
  form: FormInstance<TFields>;
  /** Each time the dialog opens, the form starts again from `initial` (memoized: a new object resets the form). */
  open: boolean;
  initial: Partial<TFields> | undefined;
  /** `/partners` or `/programs`: a per-element upsert. */
  path: string;
  /** The form's top-level field names: an answer naming another is shown above the form. */
  fields: readonly string[];
  /** Creating sends `?onlyNew=true`, so that a code already taken is refused rather than overwritten. */
  creating: boolean;
  saved: (code: string) => string;
  onSaved: (code: string) => void;
}

/**
 * Saving one element through a per-element upsert: the API's refusal goes beside the field it names,
 * or above the form when it names none the form has.
 */
export function useUpsertForm<TFields>({ form, open, initial, path, fields, creating, saved, onSaved }: UpsertFormOptions<TFields>) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    if (!open) return;
    setError(undefined);
    form.resetFields();
    if (initial) form.setFieldsValue(initial as Parameters<typeof form.setFieldsValue>[0]);
  }, [open, initial, form]);

  const save = async <TElement extends { code: string }>(element: TElement) => {
    setBusy(true);
    setError(undefined);
    try {
      const [result] = await api.post<TUpsertResult[]>(path, { body: [element], query: { onlyNew: creating ? true : undefined } });
      const problem = elementError(result);
      if (problem) {
        if (!showElementError(form, problem, fields)) setError(new Error(problem.error));
        return;
      }
      void message.success(saved(element.code));
      onSaved(element.code);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, save };
}

/** The dialog around such a form: save and cancel, and the error that belongs to no field. */
export function UpsertModal({ open, title, busy, error, width, onClose, onSave, children }: { open: boolean; title: string; busy: boolean; error: unknown; width: number; onClose: () => void; onSave: () => void; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <Modal open={open} title={title} onCancel={onClose} onOk={onSave} okText={t('form.save')} cancelText={t('form.cancel')} confirmLoading={busy} width={width} forceRender>
      <ApiErrorAlert error={error} title={t('form.saveFailed')} />
      {children}
    </Modal>
  );
}
