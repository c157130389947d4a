import type { SitePagesResponse } from '../../api/reportTypes';
import { DataTable, type Column } from '../../components/DataTable';
import type { Format } from '../../i18n/format';
import { useStrings } from '../../i18n/strings';
import { figureColumns } from './figureColumns';
import { PageLink } from './PageLink';
import { strings } from './strings';

/** A page's figures without its url: the same figures as the pages past the limit together. */
type PageFigures = NonNullable<SitePagesResponse['other']>;

const PAGE_FIGURES = [
  'views',
  'visitors',
  'sessions',
  'entries',
  'exits',
  'exitRate',
  'avgTimeOnPageSeconds',
  'medianTimeOnPageSeconds',
  'opens',
  'openRate',
  'openers',
  'interactions',
] as const satisfies readonly (keyof PageFigures)[];
type Missing = Exclude<keyof PageFigures, (typeof PAGE_FIGURES)[number]>;
export const EVERY_PAGE_FIGURE_IS_A_COLUMN: [Missing] extends [never] ? true : Missing = true;

type PageRow = PageFigures & { url: string | null };

/** Every page figure the site answer has, per page; the pages past the limit in one last row. */
export function PagesTable({ answer, format }: { answer: SitePagesResponse; format: Format }) {
  const t = useStrings(strings);
  const columns: Column<PageRow>[] = [
    { key: 'url', label: t.page, value: (r) => r.url ?? t.otherPages, render: (r) => (r.url === null ? t.otherPages : <PageLink url={r.url} />) },
    ...figureColumns<PageRow, (typeof PAGE_FIGURES)[number]>(PAGE_FIGURES, t, (r, name) => r[name], format),
  ];
  return (
    <DataTable<PageRow>
      columns={columns}
      rows={answer.pages}
      footer={answer.other ? [{ ...answer.other, url: null }] : undefined}
      rowKey={(r) => (r.url === null ? 'other' : JSON.stringify([r.url]))}
      caption={t.pagesCaption}
      csvName="pages"
      initialSort={{ key: 'views', descending: true }}
    />
  );
}
