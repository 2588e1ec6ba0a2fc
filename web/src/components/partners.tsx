import type { TPartner } from '../api/types';
import { useApi } from '../api/use-api';

/** Partner names by code (agencies, banks…), for pages that only have a program's codes. */
export function usePartnerNames(): (code: string) => string {
  const { data } = useApi<TPartner[]>('/partners');
  const names = new Map((data ?? []).map((p) => [p.code, p.name]));
  return (code) => names.get(code) ?? code;
}
