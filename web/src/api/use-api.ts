import { useCallback, useEffect, useState } from 'react';
import { ApiError, type Query, apiJson, apiUrl } from './client';

export interface ApiState<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => void;
}

/**
 * GETs `path` whenever it or the query changes; `null` waits (a form not filled in yet). A newer
 * request aborts the one before, so a slow answer never overwrites a newer one.
 */
export function useApi<T>(path: string | null, query: Query = {}, options: { anonymous?: boolean } = {}): ApiState<T> {
  const key = path === null ? null : apiUrl(path, query);
  const [state, setState] = useState<{ key: string | null; data?: T; error?: ApiError; loading: boolean }>({ key: null, loading: path !== null });
  const [generation, setGeneration] = useState(0);
  const { anonymous } = options;

  useEffect(() => {
    if (path === null) {
      setState({ key: null, loading: false });
      return;
    }
    const controller = new AbortController();
    setState((s) => ({ key, data: s.key === key ? s.data : undefined, loading: true }));
    apiJson<T>('GET', path, { query, signal: controller.signal, anonymous })
      .then((data) => setState({ key, data, loading: false }))
      .catch((err: unknown) => {
        if (controller.signal.aborted) return;
        const error = err instanceof ApiError ? err : new ApiError(0, 'client', err instanceof Error ? err.message : String(err));
        setState({ key, error, loading: false });
      });
    return () => controller.abort();
    // `key` stands for path and query.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, generation, anonymous]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const current = state.key === key;
  return { data: current ? state.data : undefined, error: current ? state.error : undefined, loading: state.loading || !current, reload };
}
