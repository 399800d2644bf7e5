import {
  getCoreRowModel, getPaginationRowModel, getSortedRowModel, useReactTable,
  type ColumnDef, type PaginationState, type SortingState,
} from '@tanstack/react-table';
import { useMemo, useState, type HTMLAttributes, type ReactNode } from 'react';
import { Button } from './Button';

/** One column: its header, how a row shows in it, and (when it sorts) the value it sorts by. */
export interface Column<T> {
  id: string;
  header: ReactNode;
  cell: (row: T, index: number) => ReactNode;
  /** makes the column sortable by this value (clicking its header cycles ascending, descending, as given) */
  sortValue?: (row: T) => string | number | null | undefined;
  /** class of the column's header and cells, e.g. "num" for right-aligned figures */
  className?: string;
  /** class of the column's <col>, for widths in a fixed layout */
  colClassName?: string;
}

/** The "load more" end of a cursor connection (CONTRACT.md: `pageInfo { hasNextPage endCursor }`). */
export interface LoadMore {
  hasNextPage: boolean;
  loading?: boolean;
  onLoadMore: () => unknown;
}

export interface DataTableProps<T> {
  /** the table's accessible name */
  label: string;
  columns: readonly Column<T>[];
  rows: readonly T[] | undefined;
  rowKey: (row: T, index: number) => string;
  /** shown instead of the table when there are no rows (and none are loading) */
  empty?: ReactNode;
  /** rows are loading: with none yet, "Loading…" stands in for the table */
  loading?: boolean;
  /** the query's error, shown as an alert above whatever rows there are */
  error?: { message: string } | null;
  /** client-side pages of this many rows, with previous/next buttons */
  pageSize?: number;
  /** server-side paging: a "Load more" button while the connection has a next page */
  loadMore?: LoadMore;
  className?: string;
  /** extra attributes of a row's <tr> (a class, data attributes) */
  rowProps?: (row: T, index: number) => HTMLAttributes<HTMLTableRowElement> & Record<`data-${string}`, string | number>;
}

const ARIA_SORT = { asc: 'ascending', desc: 'descending' } as const;

/**
 * The client's one table: sortable columns, client-side pages or a connection's "load more", and
 * its loading, empty and error states. Rows keep the order given until a header is clicked.
 */
export function DataTable<T>({ label, columns, rows, rowKey, empty, loading, error, pageSize, loadMore, className, rowProps }: DataTableProps<T>) {
  const [sorting, setSorting] = useState<SortingState>([]);
  const [pagination, setPagination] = useState<PaginationState>({ pageIndex: 0, pageSize: pageSize ?? Number.MAX_SAFE_INTEGER });
  const data = useMemo(() => (rows ?? []) as T[], [rows]);
  // Headers and cells are rendered by calling the column's functions, not through flexRender: it
  // would mount each function as a component, and a page that builds its columns on every render
  // would then remount every cell (losing an open form or confirmation) whenever it re-renders.
  const columnDefs = useMemo<ColumnDef<T>[]>(() => columns.map((c) => ({
    id: c.id,
    enableSorting: Boolean(c.sortValue),
    ...(c.sortValue ? { accessorFn: (row: T) => c.sortValue!(row) ?? undefined, sortUndefined: 'last' as const } : {}),
    meta: c,
  })), [columns]);
  const columnOf = (def: ColumnDef<T>) => def.meta as Column<T>;
  const table = useReactTable({
    data,
    columns: columnDefs,
    state: { sorting, pagination },
    onSortingChange: setSorting,
    onPaginationChange: setPagination,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getPaginationRowModel: getPaginationRowModel(),
    getRowId: (row, index) => rowKey(row, index),
    autoResetPageIndex: true,
  });

  const alert = error ? <p role="alert" className="form-error">{error.message}</p> : null;
  if (data.length === 0) {
    if (loading) return <>{alert}<p className="table-state" aria-busy="true">Loading…</p></>;
    if (error) return alert;
    return <>{empty ?? <p className="table-state">Nothing to show.</p>}</>;
  }
  const pages = pageSize ? table.getPageCount() : 1;
  return (
    <>
      {alert}
      <table aria-label={label} className={className} aria-busy={loading || undefined}>
        {columns.some((c) => c.colClassName) && <colgroup>{columns.map((c) => <col key={c.id} className={c.colClassName} />)}</colgroup>}
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const column = columnOf(header.column.columnDef);
                const sorted = header.column.getIsSorted();
                const content = column.header;
                return (
                  <th key={header.id} className={column.className} aria-sort={sorted ? ARIA_SORT[sorted] : header.column.getCanSort() ? 'none' : undefined}>
                    {header.column.getCanSort() ? (
                      <button type="button" className="sort" onClick={header.column.getToggleSortingHandler()}>
                        {content}<span aria-hidden="true" className="sort-mark">{sorted === 'asc' ? ' ▲' : sorted === 'desc' ? ' ▼' : ''}</span>
                      </button>
                    ) : content}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.map((row) => (
            <tr key={row.id} {...rowProps?.(row.original, row.index)}>
              {row.getVisibleCells().map((cell) => {
                const column = columnOf(cell.column.columnDef);
                return <td key={cell.id} className={column.className}>{column.cell(row.original, row.index)}</td>;
              })}
            </tr>
          ))}
        </tbody>
      </table>
      {pages > 1 && (
        <nav className="pager" aria-label={`Pages of ${label}`}>
          <Button variant="secondary" small disabled={!table.getCanPreviousPage()} onClick={() => table.previousPage()}>Previous</Button>
          <span>Page {table.getState().pagination.pageIndex + 1} of {pages}</span>
          <Button variant="secondary" small disabled={!table.getCanNextPage()} onClick={() => table.nextPage()}>Next</Button>
        </nav>
      )}
      {loadMore?.hasNextPage && (
        <p>
          <Button variant="secondary" busy={loadMore.loading} busyLabel="Loading…" onClick={() => loadMore.onLoadMore()}>Load more</Button>
        </p>
      )}
    </>
  );
}
