import type { SessionProject } from './types';
import { useApp } from '../app/session';
import type { Query } from './client';
import { usePolled, type Polled } from './usePolled';

/**
 * A stats endpoint of a project (`overview`, `videos`, `site/pages` …), polled while visible
 * (every `intervalMs`, default usePolled's). The session door of the same routes the API keys
 * use: one implementation of every figure.
 */
export function useStats<T>(project: SessionProject, endpoint: string, query: Query, intervalMs?: number): Polled<T> {
  const { api } = useApp();
  const key = `${project.id} ${endpoint} ${JSON.stringify(query)}`;
  return usePolled(key, () => api.get<T>(`/v1/stats/${endpoint}`, { project: project.id, query }), intervalMs);
}
