import type { ApiError } from '../api/client';
import type { TPartner } from '../api/types';
import { useApi } from '../api/use-api';

/** Partner names by code (agencies, banks…), for pages that only have their codes; `needed` false asks nothing. */
export function usePartnerNames(needed = true): { partnerName: (code: string) => string; error: ApiError | undefined } {
  const { data, error } = useApi<TPartner[]>(needed ? '/partners' : null);
  const names = new Map((data ?? []).map((p) => [p.code, p.name]));
  return { partnerName: (code) => names.get(code) ?? code, error };
}
