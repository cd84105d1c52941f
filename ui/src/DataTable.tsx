/**
 * A table whose header is a list of i18n keys: the supervisor console's tables and the city page's hall
 * list all wrote the same `<thead>` of translated `<th>`s by hand. The rows stay the caller's.
 */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** A header cell: the key under `keyPrefix` ('' for an empty cell), or the key with a class for the `<th>`. */
export type TableColumn = string | { key: string; className: string };

export function DataTable({
  keyPrefix,
  columns,
  className,
  testId,
  children,
}: {
  /** Prepended with a dot to every column key, e.g. 'accounts' turns 'role' into 'accounts.role'. */
  keyPrefix: string;
  columns: readonly TableColumn[];
  className?: string;
  testId?: string;
  /** The `<tr>` rows of the body. */
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <table className={className} data-testid={testId}>
      <thead>
        <tr>
          {columns.map((c, i) => {
            const { key, className: cellClass } = typeof c === 'string' ? { key: c, className: undefined } : c;
            return (
              <th key={key || `empty-${i}`} className={cellClass}>
                {key ? t(`${keyPrefix}.${key}`) : null}
              </th>
            );
          })}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}
