import { Table, type TableProps } from 'antd';
import type { KeyboardEvent, MouseEvent } from 'react';

type NavTableProps<T> = TableProps<T> & {
  /** The drill-down of a row: Enter on a focused row, or a click outside its links and buttons. */
  onOpen: (row: T) => void;
  /** What a screen reader announces for the focused row. */
  rowLabel?: (row: T) => string;
};

const INTERACTIVE = 'a, button, input, select, textarea, label, [role="button"], [role="checkbox"]';

/**
 * A dense table that works from the keyboard: each row is a tab stop, Enter opens it, the arrow keys
 * move between rows.
 */
export function NavTable<T extends object>({ onOpen, rowLabel, onRow, rowClassName, ...props }: NavTableProps<T>) {
  return (
    <Table<T>
      size="small"
      bordered
      pagination={false}
      {...props}
      rowClassName={(record, index, indent) => {
        const extra = typeof rowClassName === 'function' ? rowClassName(record, index, indent) : (rowClassName ?? '');
        return `songda-nav-row ${extra}`.trim();
      }}
      onRow={(record, index) => ({
        ...onRow?.(record, index),
        tabIndex: 0,
        'aria-label': rowLabel?.(record),
        onKeyDown: (e: KeyboardEvent<HTMLElement>) => {
          if (e.target !== e.currentTarget) return;
          if (e.key === 'Enter') {
            e.preventDefault();
            onOpen(record);
          } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            const sibling = e.key === 'ArrowDown' ? e.currentTarget.nextElementSibling : e.currentTarget.previousElementSibling;
            if (sibling instanceof HTMLElement && sibling.classList.contains('songda-nav-row')) {
              e.preventDefault();
              sibling.focus();
            }
          }
        },
        onClick: (e: MouseEvent<HTMLElement>) => {
          if ((e.target as HTMLElement).closest(INTERACTIVE)) return;
          onOpen(record);
        },
      })}
    />
  );
}
