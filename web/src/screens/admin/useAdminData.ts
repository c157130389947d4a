import { useCallback, useEffect, useState } from 'preact/hooks';
import type { ApiError } from '../../api/errors';
import type { SessionProject } from '../../api/types';
import { useApp } from '../../app/session';

export interface AdminData<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  /** Reads again (after a change); the shown data stays until the new answer arrives. */
  reload: () => Promise<void>;
}

/** One admin GET of the project, read on mount and on `reload`; no polling (only this user changes it here). */
export function useAdminData<T>(project: SessionProject, path: string): AdminData<T> {
  const { api } = useApp();
  const [data, setData] = useState<T | undefined>();
  const [error, setError] = useState<ApiError | undefined>();
  const [loading, setLoading] = useState(true);
  const reload = useCallback(async () => {
    setLoading(true);
    try {
      const { body } = await api.get<T>(path, { project: project.id });
      setData(body);
      setError(undefined);
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setLoading(false);
    }
  }, [api, project.id, path]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, error, loading, reload };
}
