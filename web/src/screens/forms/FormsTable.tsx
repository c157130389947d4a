import type { FormsResponse } from '../../api/reportTypes';
import { DataTable, type Column } from '../../components/DataTable';
import type { Format } from '../../i18n/format';
import { useStrings } from '../../i18n/strings';
import { strings } from './strings';

type FormFigures = NonNullable<FormsResponse['other']>;
type FormRow = FormFigures & { formId: string | null };

const COUNTS = ['starts', 'completed', 'submits'] as const;
const RATES = ['completionRate', 'abandonRate'] as const;
const SECONDS = ['avgSecondsToComplete', 'medianSecondsToComplete'] as const;
type Shown = (typeof COUNTS)[number] | (typeof RATES)[number] | (typeof SECONDS)[number];
type Missing = Exclude<keyof FormFigures, Shown>;
export const EVERY_FORM_FIGURE_IS_A_COLUMN: [Missing] extends [never] ? true : Missing = true;

/** Per form: the counts, the rates as percentages and the times as durations; the rest past the limit last. */
export function FormsTable({ answer, format }: { answer: FormsResponse; format: Format }) {
  const t = useStrings(strings);
  const figure = (name: Shown, text: (v: number | null) => string): Column<FormRow> => ({
    key: name,
    label: t[name],
    align: 'end',
    value: (r) => r[name],
    render: (r) => text(r[name]),
  });
  const columns: Column<FormRow>[] = [
    // The form id is whatever the page sent: shown as text, never as markup.
    { key: 'formId', label: t.form, value: (r) => r.formId ?? t.otherForms },
    ...COUNTS.map((name) => figure(name, (v) => format.number(v ?? 0))),
    ...RATES.map((name) => figure(name, (v) => format.percent(v))),
    ...SECONDS.map((name) => figure(name, (v) => format.duration(v))),
  ];
  return (
    <DataTable<FormRow>
      columns={columns}
      rows={answer.forms}
      footer={answer.other ? [{ ...answer.other, formId: null }] : undefined}
      rowKey={(r) => (r.formId === null ? 'other' : JSON.stringify([r.formId]))}
      caption={t.caption}
      csvName="forms"
      initialSort={{ key: 'starts', descending: true }}
      empty={t.empty}
    />
  );
}
