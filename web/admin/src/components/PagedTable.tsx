import { useState, type ReactNode } from 'react';
import { keepPreviousData, useQuery, type QueryKey } from '@tanstack/react-query';
import { ProblemView } from './ProblemView';
import { Progress } from './Progress';

export interface Column<T> {
  header: string;
  cell: (row: T) => ReactNode;
}

interface Props<T> {
  /** The query's key; the page's offset and limit are appended. */
  queryKey: QueryKey;
  /** Loads one page (the admin lists take offset and limit and answer with at most limit rows). */
  load: (offset: number, limit: number) => Promise<T[]>;
  columns: Column<T>[];
  rowKey: (row: T) => string;
  pageSize?: number;
  empty?: string;
  refetchInterval?: number;
}

/** Every list is paged: offset/limit as the API pages, "next" while a page comes back full. */
export function PagedTable<T>({ queryKey, load, columns, rowKey, pageSize = 25, empty = 'Nothing here yet.', refetchInterval }: Props<T>) {
  const [offset, setOffset] = useState(0);
  const query = useQuery({
    queryKey: [...queryKey, offset, pageSize],
    queryFn: () => load(offset, pageSize),
    placeholderData: keepPreviousData,
    refetchInterval,
  });
  const rows = query.data ?? [];
  return (
    <div className="paged-table">
      <ProblemView error={query.error} />
      <table>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.header}>{c.header}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((c) => (
                <td key={c.header}>{c.cell(row)}</td>
              ))}
            </tr>
          ))}
          {!query.isPending && rows.length === 0 && (
            <tr>
              <td colSpan={columns.length} className="empty">
                {empty}
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <div className="pager">
        <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - pageSize))}>
          ‹ Previous
        </button>
        <span>
          {rows.length === 0 ? 'no rows' : `rows ${offset + 1}–${offset + rows.length}`}
        </span>
        <button type="button" disabled={rows.length < pageSize} onClick={() => setOffset(offset + pageSize)}>
          Next ›
        </button>
        {query.isFetching && <Progress label="Loading" />}
      </div>
    </div>
  );
}
