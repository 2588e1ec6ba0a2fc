import { Typography } from 'antd';
import type { ReactNode } from 'react';

/** The page's title (the one h1 of the page) with its actions on the right. */
export function PageHeader({ title, subtitle, extra }: { title: ReactNode; subtitle?: ReactNode; extra?: ReactNode }) {
  return (
    <div className="songda-page-header">
      <div>
        <Typography.Title level={1} className="songda-page-title">
          {title}
        </Typography.Title>
        {subtitle && <Typography.Text type="secondary">{subtitle}</Typography.Text>}
      </div>
      {extra && <div className="songda-page-extra">{extra}</div>}
    </div>
  );
}
