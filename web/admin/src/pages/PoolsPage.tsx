import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../api/client';
import { useCategories } from '../api/lookups';
import { PagedTable } from '../components/PagedTable';
import { ProblemView } from '../components/ProblemView';
import { Progress } from '../components/Progress';
import { when } from '../format';

type Pool = Schemas['PoolDto'];

/** Question pools: the READY questions of a category that carry all the pool's tags; exams draw from them. */
export default function PoolsPage() {
  const queryClient = useQueryClient();
  const categories = useCategories();
  const names = new Map((categories.data ?? []).map((c) => [c.id, c.name]));
  const [name, setName] = useState('');
  const [categoryId, setCategoryId] = useState('');
  const [tags, setTags] = useState('');

  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/learning/admin/pools', {
          body: {
            name,
            categoryId: categoryId || undefined,
            tags: tags.split(',').map((t) => t.trim()).filter(Boolean),
          },
        }),
      ),
    onSuccess: () => {
      setName('');
      setTags('');
      void queryClient.invalidateQueries({ queryKey: ['pools'] });
    },
  });
  const remove = useMutation({
    mutationFn: (poolId: string) => unwrap(api.DELETE('/api/learning/admin/pools/{poolId}', { params: { path: { poolId } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['pools'] }),
  });

  return (
    <section>
      <h1>Pools</h1>
      <div className="card">
        <h2 style={{ marginTop: 0 }}>New pool</h2>
        <div className="row">
          <label>Name<input value={name} onChange={(e) => setName(e.target.value)} /></label>
          <label>
            Category
            <select value={categoryId} onChange={(e) => setCategoryId(e.target.value)}>
              <option value="">Any</option>
              {(categories.data ?? []).map((c) => (
                <option key={c.id} value={c.id}>{c.name}</option>
              ))}
            </select>
          </label>
          <label>Tags (comma-separated)<input value={tags} onChange={(e) => setTags(e.target.value)} /></label>
          <button type="button" className="primary" disabled={!name.trim() || create.isPending} onClick={() => create.mutate()}>
            Create pool
          </button>
          {create.isPending && <Progress label="Creating" />}
        </div>
        <ProblemView error={create.error} />
      </div>
      <ProblemView error={remove.error} />
      <PagedTable<Pool>
        queryKey={['pools', 'page']}
        load={async (offset, limit) =>
          (await unwrap(api.GET('/api/learning/admin/pools', { params: { query: { Offset: offset, Limit: limit } } }))).pools ?? []
        }
        rowKey={(p) => p.id!}
        columns={[
          { header: 'Name', cell: (p) => p.name },
          { header: 'Category', cell: (p) => (p.categoryId && names.get(p.categoryId)) || 'Any' },
          { header: 'Tags', cell: (p) => (p.tags ?? []).join(', ') || '—' },
          { header: 'Ready questions', cell: (p) => p.readyQuestions },
          { header: 'Changed', cell: (p) => when(p.updatedAt) },
          {
            header: '',
            cell: (p) => (
              <button type="button" className="danger" disabled={remove.isPending} onClick={() => remove.mutate(p.id!)}>
                Delete
              </button>
            ),
          },
        ]}
      />
    </section>
  );
}
