import type React from 'react';
import stacked from './stacked-table.module.css';

/** One column: its header, and what a row shows in it. */
export interface Column<Row> {
  header: string;
  cell: (row: Row) => React.ReactNode;
  /** Not named on a phone (a button says what it does). */
  bare?: boolean;
}

/**
 * The portal's table: column headers on wide screens, one block per row on a phone with each
 * cell named by its header (stacked-table.module.css). The owner console's queues and history,
 * the partner's decisions and the admin's audit log are all this table.
 */
export function StackedTable<Row>(props: {
  columns: Column<Row>[];
  rows: Row[];
  rowKey: (row: Row) => string;
  /** data-* attributes and a class for a row (tests and the selected row find rows by them). */
  rowProps?: (row: Row) => Record<string, string | undefined>;
  caption?: React.ReactNode;
  testId?: string;
}): React.JSX.Element {
  return (
    <table className={stacked.table} data-testid={props.testId}>
      {props.caption ? <caption className="text--left margin-bottom--sm">{props.caption}</caption> : null}
      <thead>
        <tr>
          {props.columns.map((column) => (
            <th key={column.header} scope="col">
              {column.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row) => (
          <tr key={props.rowKey(row)} {...props.rowProps?.(row)}>
            {props.columns.map((column) => (
              <td key={column.header} data-label={column.bare ? undefined : column.header}>
                {column.cell(row)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
