import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

export type Patch = Record<string, string | number | readonly string[] | null | undefined>;

/** Params that a new filter resets: the keyset page stack. */
const PAGING = ['cursors'];

/**
 * Filters and paging live in the URL, so a reload or a shared link shows the same list. `set`
 * replaces the given params (empty values are removed) and goes back to the first page.
 */
export function useUrlState() {
  const [params, setParams] = useSearchParams();
  const get = useCallback((key: string): string | undefined => params.get(key) ?? undefined, [params]);
  const getList = useCallback((key: string): string[] => (params.get(key) ?? '').split(',').filter(Boolean), [params]);
  const set = useCallback(
    (patch: Patch, options: { keepPage?: boolean; replace?: boolean } = {}) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          if (!options.keepPage) for (const key of PAGING) next.delete(key);
          for (const [key, value] of Object.entries(patch)) {
            const text = Array.isArray(value) ? value.join(',') : value === null || value === undefined ? '' : String(value);
            if (text === '') next.delete(key);
            else next.set(key, text);
          }
          return next;
        },
        { replace: options.replace },
      );
    },
    [setParams],
  );
  return { params, get, getList, set };
}

/**
 * Keyset paging in the URL: `cursors` is the stack of cursors that led to this page (cursors are
 * base64url, so a comma separates them). The API only goes forward; going back pops the stack.
 */
export function useKeysetPaging() {
  const { getList, set } = useUrlState();
  const stack = getList('cursors');
  return {
    cursor: stack[stack.length - 1],
    pageNumber: stack.length + 1,
    next: (nextCursor: string) => set({ cursors: [...stack, nextCursor] }, { keepPage: true }),
    previous: () => set({ cursors: stack.slice(0, -1) }, { keepPage: true }),
    first: () => set({ cursors: null }, { keepPage: true }),
  };
}
