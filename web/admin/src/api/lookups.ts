import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from './client';

/** Categories for pickers (the bank has few; one page of 100 is what the API allows at once). */
export function useCategories() {
  return useQuery({
    queryKey: ['categories', 'all'],
    queryFn: async () => (await unwrap(api.GET('/api/learning/admin/categories', { params: { query: { Offset: 0, Limit: 100 } } }))).categories ?? [],
    staleTime: 60_000,
  });
}

/** Pools for pickers. */
export function usePools() {
  return useQuery({
    queryKey: ['pools', 'all'],
    queryFn: async () => (await unwrap(api.GET('/api/learning/admin/pools', { params: { query: { Offset: 0, Limit: 100 } } }))).pools ?? [],
    staleTime: 30_000,
  });
}
