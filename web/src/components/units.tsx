import { Select } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { ApiError, api } from '../api/client';
import type { TUnit, UnitKind } from '../api/types';
import { mayView, useSignedInUser } from '../app/access';
import { useI18n } from '../i18n/i18n';

// The unit list changes rarely (imports, new offices): loaded once per page load and shared by every
// select and name on the pages; an import refreshes it.
let loaded: Promise<TUnit[]> | undefined;
const listeners = new Set<() => void>();

function loadUnits(): Promise<TUnit[]> {
  loaded ??= api.get<TUnit[]>('/units').catch((err: unknown) => {
    loaded = undefined;
    throw err;
  });
  return loaded;
}

export function refreshUnits(): void {
  loaded = undefined;
  for (const listener of listeners) listener();
}

export interface UnitDirectory {
  units: TUnit[];
  byCode: ReadonlyMap<string, TUnit>;
  error: ApiError | undefined;
  loading: boolean;
}

export function useUnits(): UnitDirectory {
  const [state, setState] = useState<{ units: TUnit[]; error?: ApiError; loading: boolean }>({ units: [], loading: true });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    const listener = () => setGeneration((g) => g + 1);
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  }, []);
  useEffect(() => {
    let live = true;
    loadUnits()
      .then((units) => live && setState({ units, loading: false }))
      .catch((err: unknown) => live && setState({ units: [], loading: false, error: err instanceof ApiError ? err : new ApiError(0, 'client', String(err)) }));
    return () => {
      live = false;
    };
  }, [generation]);
  const byCode = useMemo(() => new Map(state.units.map((u) => [u.code, u])), [state.units]);
  return { ...state, byCode, error: state.error };
}

interface UnitSelectProps {
  id?: string;
  value: string | undefined;
  onChange: (code: string | undefined) => void;
  kind?: UnitKind;
  placeholder?: string;
  style?: React.CSSProperties;
}

/** A searchable unit picker (by code or name). */
export function UnitSelect({ id, value, onChange, kind, placeholder, style }: UnitSelectProps) {
  const { t } = useI18n();
  const { units, loading, error } = useUnits();
  const options = useMemo(
    () => units.filter((u) => !kind || u.kind === kind).map((u) => ({ value: u.code, label: `${u.name} (${u.code})` })),
    [units, kind],
  );
  return (
    <Select
      id={id}
      showSearch={{ optionFilterProp: 'label' }}
      allowClear
      loading={loading}
      status={error ? 'error' : undefined}
      notFoundContent={error ? `${t('units.loadFailed')}: ${error.message}` : undefined}
      value={value}
      onChange={(v?: string) => onChange(v || undefined)}
      placeholder={placeholder ?? t('units.pick')}
      options={options}
      style={{ minWidth: 220, ...style }}
      popupMatchSelectWidth={false}
    />
  );
}

/** A unit's name (its code while the list loads or for an unknown code), linking to its queue. */
export function UnitLink({ code, name, to }: { code: string; name?: string | null; to?: string }) {
  const { byCode } = useUnits();
  const user = useSignedInUser();
  const label = name ?? byCode.get(code)?.name ?? code;
  // A unit's queue is the post's own work list: a partner's user sees the name only.
  if (!to && !mayView(user, 'staff')) return <span title={code}>{label}</span>;
  return (
    <Link to={to ?? `/units/${encodeURIComponent(code)}/breakpoints`} title={code}>
      {label}
    </Link>
  );
}
