import type { FormsResponse } from '../../api/reportTypes';
import { useStats } from '../../api/useStats';
import type { ProjectScreenProps } from '../../app/routes';
import { BotsSwitch } from '../../components/BotsSwitch';
import { Card } from '../../components/Card';
import { Layout, ScreenHeader } from '../../components/Layout';
import { RangePicker } from '../../components/RangePicker';
import { useRange } from '../../components/range';
import { ErrorNotice, FreshnessLine, Loading } from '../../components/Status';
import { useFormat } from '../../i18n/format';
import { useStrings } from '../../i18n/strings';
import { FormsTable } from './FormsTable';
import { strings } from './strings';

/** Forms: per form, how many visitors began it, how many finished, and how long it took them. */
export default function FormsScreen({ project }: ProjectScreenProps) {
  const t = useStrings(strings);
  const format = useFormat(project.timezone);
  const range = useRange(project.timezone);
  const forms = useStats<FormsResponse>(project, 'forms', { from: range.range.from, to: range.range.to, includeBots: range.includeBots });

  return (
    <Layout project={project} current="forms">
      <ScreenHeader title={t.title}>
        <RangePicker state={range} />
        <BotsSwitch state={range} />
      </ScreenHeader>
      <Card title={t.perForm} class="forms-table">
        {forms.error ? <ErrorNotice error={forms.error} onRetry={forms.reload} /> : null}
        {forms.data ? <FormsTable answer={forms.data} format={format} /> : forms.loading ? <Loading /> : null}
      </Card>
      <FreshnessLine timeZone={project.timezone} rolledUpAt={forms.rolledAt} checkedAt={forms.checkedAt} />
    </Layout>
  );
}
