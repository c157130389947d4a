import { DEVICE_BY, type DeviceBy, type DevicesResponse } from '../../api/reportTypes';
import type { SessionProject } from '../../api/types';
import { useStats } from '../../api/useStats';
import { Card } from '../../components/Card';
import { ErrorNotice, Loading } from '../../components/Status';
import type { Format } from '../../i18n/format';
import { fill, useStrings } from '../../i18n/strings';
import { setQuery } from '../../router/router';
import { BreakdownTable, breakdownRow } from './BreakdownTable';
import { ByChoice } from './ByChoice';
import { strings } from './strings';
import { useValueNames } from './valueNames';

/** Sessions per device type, browser, operating system, language or screen class. */
export function DevicesCard({ project, query, by, format }: { project: SessionProject; query: Record<string, string | boolean>; by: DeviceBy; format: Format }) {
  const t = useStrings(strings);
  const names = useValueNames();
  const answer = useStats<DevicesResponse>(project, 'devices', { ...query, by });
  const translated: Record<string, string> = { desktop: t.desktop, laptop: t.laptop, tablet: t.tablet, mobile: t.mobile };
  const text = (value: string) =>
    by === 'language' ? names.language(value) : by === 'device' || by === 'screen' ? (translated[value] ?? names.value(value)) : names.value(value);
  return (
    <Card
      title={t.devicesTitle}
      class="site-devices"
      actions={<ByChoice label={t.breakdownBy} values={DEVICE_BY} labels={t} current={by} onChoose={(v) => setQuery({ devices: v === 'device' ? undefined : v })} />}
    >
      {answer.error ? <ErrorNotice error={answer.error} onRetry={answer.reload} /> : null}
      {answer.data?.by === by ? (
        <BreakdownTable
          valueColumns={[{ key: 'value', label: t[by] }]}
          rows={answer.data.devices.map((d) => breakdownRow(d, [d.value], { value: text(d.value) }))}
          other={answer.data.other}
          caption={fill(t.devicesCaption, { by: t[by] })}
          csvName={`devices-${by}`}
          format={format}
        />
      ) : answer.loading ? (
        <Loading />
      ) : null}
    </Card>
  );
}
