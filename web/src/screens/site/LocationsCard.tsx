import { useMemo } from 'preact/hooks';
import { NONE, OTHER, PLACE_BY, type LocationsResponse, type PlaceBy } from '../../api/reportTypes';
import type { SessionProject } from '../../api/types';
import { useStats } from '../../api/useStats';
import { Card } from '../../components/Card';
import { ErrorNotice, Loading } from '../../components/Status';
import { WorldMap } from '../../components/WorldMap';
import type { Format } from '../../i18n/format';
import { fill, useStrings } from '../../i18n/strings';
import { setQuery } from '../../router/router';
import { BreakdownTable, breakdownRow, type ValueColumn } from './BreakdownTable';
import { ByChoice } from './ByChoice';
import { strings } from './strings';
import { useValueNames } from './valueNames';

/** Sessions per country on a world map, and per country, region or city in a table. */
export function LocationsCard({ project, query, by, format }: { project: SessionProject; query: Record<string, string | boolean>; by: PlaceBy; format: Format }) {
  const t = useStrings(strings);
  const names = useValueNames();
  const countries = useStats<LocationsResponse>(project, 'locations', { ...query, by: 'country' });
  const places = useStats<LocationsResponse>(project, 'locations', { ...query, by });
  const table = by === 'country' ? countries : places;

  const mapValues = useMemo(
    () => (countries.data?.locations ?? []).filter((l) => l.country !== NONE && l.country !== OTHER).map((l) => ({ country: l.country, value: l.sessions })),
    [countries.data],
  );
  const mapLabels = useMemo(() => ({ metric: t.sessions, country: t.country, countryName: names.country, formatNumber: format.number }), [t, names, format]);

  const valueColumns: ValueColumn[] = [{ key: 'country', label: t.country }];
  if (by !== 'country') valueColumns.push({ key: 'region', label: t.region });
  if (by === 'city') valueColumns.push({ key: 'city', label: t.city });

  return (
    <Card
      title={t.locationsTitle}
      class="site-locations"
      actions={<ByChoice label={t.breakdownBy} values={PLACE_BY} labels={t} current={by} onChoose={(v) => setQuery({ places: v === 'country' ? undefined : v })} />}
    >
      <WorldMap values={mapValues} labels={mapLabels} description={t.mapLabel} />
      {table.error ? <ErrorNotice error={table.error} onRetry={table.reload} /> : null}
      {table.data?.by === by ? (
        <BreakdownTable
          valueColumns={valueColumns}
          rows={table.data.locations.map((l) =>
            breakdownRow(l, [l.country, l.region ?? '', l.city ?? ''], {
              country: names.country(l.country),
              region: names.value(l.region ?? ''),
              city: names.value(l.city ?? ''),
            }),
          )}
          other={table.data.other}
          caption={fill(t.locationsCaption, { by: t[by] })}
          csvName={`locations-${by}`}
          format={format}
        />
      ) : table.loading ? (
        <Loading />
      ) : null}
    </Card>
  );
}
