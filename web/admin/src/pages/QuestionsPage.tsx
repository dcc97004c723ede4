import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, ApiError, unwrap, type Schemas } from '../api/client';
import { useCategories } from '../api/lookups';
import { PagedTable } from '../components/PagedTable';
import { ProblemView } from '../components/ProblemView';
import { Progress } from '../components/Progress';
import { when } from '../format';

type Question = Schemas['BankQuestionDto'];
type Status = Schemas['QuestionStatus'];

/** The question bank: questions with their current version, filters, and the GIFT / JSON import. */
export default function QuestionsPage() {
  const categories = useCategories();
  const [categoryId, setCategoryId] = useState('');
  const [status, setStatus] = useState<Status | ''>('');
  const [search, setSearch] = useState('');
  const [tag, setTag] = useState('');
  const names = new Map((categories.data ?? []).map((c) => [c.id, c.name]));

  return (
    <section>
      <h1>Question bank</h1>
      <ImportPanel />
      <h2>Questions</h2>
      <div className="row">
        <label>
          Category
          <select value={categoryId} onChange={(e) => setCategoryId(e.target.value)}>
            <option value="">All</option>
            {(categories.data ?? []).map((c) => (
              <option key={c.id} value={c.id}>{c.name}</option>
            ))}
          </select>
        </label>
        <label>
          Status
          <select value={status} onChange={(e) => setStatus(e.target.value as Status | '')}>
            <option value="">All</option>
            <option>DRAFT</option>
            <option>READY</option>
            <option>HIDDEN</option>
          </select>
        </label>
        <label>
          Tag
          <input value={tag} onChange={(e) => setTag(e.target.value.trim())} placeholder="e.g. capitals" />
        </label>
        <label>
          Search
          <input value={search} onChange={(e) => setSearch(e.target.value)} placeholder="text in the stem" />
        </label>
      </div>
      <PagedTable<Question>
        queryKey={['questions', { categoryId, status, tag, search }]}
        load={async (offset, limit) =>
          (
            await unwrap(
              api.GET('/api/learning/admin/questions', {
                params: {
                  query: {
                    Offset: offset,
                    Limit: limit,
                    categoryId: categoryId || undefined,
                    status: status || undefined,
                    tag: tag || undefined,
                    search: search || undefined,
                  },
                },
              }),
            )
          ).questions ?? []
        }
        rowKey={(q) => q.id!}
        columns={[
          { header: 'Question', cell: (q) => <Link to={`/questions/${q.id}`}>{q.current?.title || q.current?.stem?.slice(0, 80)}</Link> },
          { header: 'Category', cell: (q) => names.get(q.categoryId) ?? '—' },
          { header: 'Status', cell: (q) => <span className="badge">{q.status}</span> },
          { header: 'Version', cell: (q) => q.currentVersion },
          { header: 'Tags', cell: (q) => (q.current?.tags ?? []).join(', ') },
          { header: 'Changed', cell: (q) => when(q.updatedAt) },
        ]}
      />
    </section>
  );
}

interface ImportProblem {
  line?: number;
  item?: number;
  code?: string;
  message?: string;
}

/** GIFT (text) or JSON import: all or nothing; the refusal lists every problem by line (GIFT) or item (JSON). */
function ImportPanel() {
  const queryClient = useQueryClient();
  const categories = useCategories();
  const [format, setFormat] = useState<'gift' | 'json'>('gift');
  const [categoryId, setCategoryId] = useState('');
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);

  const run = useMutation({
    mutationFn: async (): Promise<Schemas['QuestionImportReport']> => {
      const query = { categoryId: categoryId || undefined };
      if (format === 'gift') {
        return unwrap(
          api.POST('/api/learning/admin/questions/import/gift', {
            params: { query },
            body: text,
            bodySerializer: (b: string) => b,
            headers: { 'Content-Type': 'text/plain; charset=utf-8' },
          }),
        );
      }
      let document: Schemas['QuestionImportDocument'];
      try {
        document = JSON.parse(text) as Schemas['QuestionImportDocument'];
      } catch (e) {
        throw new ApiError({ status: 0, title: `Not JSON: ${(e as Error).message}`, code: 'client.not_json' });
      }
      return unwrap(api.POST('/api/learning/admin/questions/import', { params: { query }, body: document }));
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['questions'] });
      // An import may create categories ($CATEGORY / category): the pickers must offer them at once.
      void queryClient.invalidateQueries({ queryKey: ['categories'] });
      void queryClient.invalidateQueries({ queryKey: ['pools'] });
    },
  });

  const problems: ImportProblem[] =
    run.error instanceof ApiError && Array.isArray(run.error.problem.problems) ? (run.error.problem.problems as ImportProblem[]) : [];

  return (
    <div className="card">
      <h2 style={{ marginTop: 0 }}>Import questions</h2>
      <div className="row">
        <label>
          Format
          <select value={format} onChange={(e) => setFormat(e.target.value as 'gift' | 'json')}>
            <option value="gift">GIFT</option>
            <option value="json">JSON</option>
          </select>
        </label>
        <label>
          Category (for questions without one)
          <select value={categoryId} onChange={(e) => setCategoryId(e.target.value)}>
            <option value="">—</option>
            {(categories.data ?? []).map((c) => (
              <option key={c.id} value={c.id}>{c.name}</option>
            ))}
          </select>
        </label>
        <label>
          File
          <input
            type="file"
            accept={format === 'gift' ? '.gift,.txt,text/plain' : '.json,application/json'}
            onChange={async (e) => {
              const file = e.target.files?.[0];
              if (!file) return;
              setFileName(file.name);
              setText(await file.text());
              run.reset();
            }}
          />
        </label>
      </div>
      <textarea
        aria-label="Questions to import"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setFileName(null);
        }}
        placeholder={format === 'gift' ? '::Capital:: What is the capital of France? {=Paris ~Lyon ~Nice}' : '{"questions": [...]}'}
      />
      <div className="row">
        <button type="button" className="primary" disabled={!text.trim() || run.isPending} onClick={() => run.mutate()}>
          Import{fileName ? ` ${fileName}` : ''}
        </button>
        {run.isPending && <Progress label="Importing" />}
      </div>
      {run.data && (
        <div className="ok" role="status" data-testid="import-report">
          Imported {run.data.created} question{run.data.created === 1 ? '' : 's'}
          {(run.data.duplicates?.length ?? 0) > 0 && `; ${run.data.duplicates!.length} already in the bank (skipped)`}
          {(run.data.categoriesCreated?.length ?? 0) > 0 && `; new categories: ${run.data.categoriesCreated!.join(', ')}`}.
        </div>
      )}
      {run.error && <ProblemView error={run.error} />}
      {problems.length > 0 && (
        <table data-testid="import-problems">
          <thead>
            <tr>
              <th>{format === 'gift' ? 'Line' : 'Item'}</th><th>Code</th><th>Problem</th>
            </tr>
          </thead>
          <tbody>
            {problems.map((p, i) => (
              <tr key={i}>
                <td>{p.line ?? p.item ?? '—'}</td>
                <td><code>{p.code}</code></td>
                <td>{p.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
