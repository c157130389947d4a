import { useEffect } from 'preact/hooks';
import { DEVICE_BY, PLACE_BY, type CampaignsResponse, type DeviceBy, type PlaceBy, type SitePagesResponse, type SiteResponse, type SourcesResponse } from '../../api/reportTypes';
import { useStats } from '../../api/useStats';
import type { ProjectScreenProps } from '../../app/routes';
import { BotsSwitch } from '../../components/BotsSwitch';
import { Card } from '../../components/Card';
import { preloadCharts } from '../../components/Chart';
import { Layout, ScreenHeader } from '../../components/Layout';
import { RangePicker } from '../../components/RangePicker';
import { previousRange, useRange } from '../../components/range';
import { ErrorNotice, FreshnessLine, Loading } from '../../components/Status';
import { useFormat } from '../../i18n/format';
import { useStrings } from '../../i18n/strings';
import { BreakdownTable, breakdownRow } from './BreakdownTable';
import { DevicesCard } from './DevicesCard';
import { LocationsCard } from './LocationsCard';
import { PagesTable } from './PagesTable';
import { SiteTrend, TREND_FIGURES, type TrendFigure } from './SiteTrend';
import { strings } from './strings';
import { useValueNames } from './valueNames';

const oneOf = <V extends string>(values: readonly V[], value: string | null, fallback: V): V => (values.includes(value as V) ? (value as V) : fallback);

/**
 * Site: visitors, sessions, page views, bounces and session length over time, then pages,
 * sources, campaigns, devices and places. Which figure is drawn, the interval and each
 * breakdown's dimension live in the URL, like the range.
 */
export default function SiteScreen({ project, query: url }: ProjectScreenProps) {
  useEffect(preloadCharts, []);
  const t = useStrings(strings);
  const format = useFormat(project.timezone);
  const names = useValueNames();
  const range = useRange(project.timezone);
  const query = { from: range.range.from, to: range.range.to, includeBots: range.includeBots };
  const interval = url.get('interval') === 'hour' ? 'hour' : 'day';
  const metric: TrendFigure = oneOf(TREND_FIGURES, url.get('metric'), 'visitors');
  const devicesBy: DeviceBy = oneOf(DEVICE_BY, url.get('devices'), 'device');
  const placesBy: PlaceBy = oneOf(PLACE_BY, url.get('places'), 'country');

  const site = useStats<SiteResponse>(project, 'site', query);
  const chart = useStats<SiteResponse>(project, 'site', { ...query, interval });
  const before = useStats<SiteResponse>(project, 'site', { ...previousRange(range.range), includeBots: range.includeBots });
  const pages = useStats<SitePagesResponse>(project, 'site/pages', query);
  const sources = useStats<SourcesResponse>(project, 'sources', query);
  const campaigns = useStats<CampaignsResponse>(project, 'campaigns', query);

  return (
    <Layout project={project} current="site">
      <ScreenHeader title={t.title}>
        <RangePicker state={range} />
        <BotsSwitch state={range} />
      </ScreenHeader>
      {site.error ? <ErrorNotice error={site.error} onRetry={site.reload} /> : null}
      {site.data ? (
        <SiteTrend days={site.data} series={chart.data?.interval === interval ? chart.data : undefined} previous={before.data?.totals} metric={metric} format={format} />
      ) : site.loading ? (
        <Loading />
      ) : null}

      <Card title={t.pagesTitle} class="site-pages">
        {pages.error ? <ErrorNotice error={pages.error} onRetry={pages.reload} /> : null}
        {pages.data ? <PagesTable answer={pages.data} format={format} /> : pages.loading ? <Loading /> : null}
      </Card>

        <Card title={t.sourcesTitle} class="site-sources">
          {sources.error ? <ErrorNotice error={sources.error} onRetry={sources.reload} /> : null}
          {sources.data ? (
            <BreakdownTable
              valueColumns={[
                { key: 'source', label: t.source },
                { key: 'platform', label: t.platform },
              ]}
              rows={sources.data.sources.map((s) => breakdownRow(s, [s.source, s.platform], { source: names.source(s.source), platform: names.value(s.platform) }))}
              other={sources.data.other}
              caption={t.sourcesCaption}
              csvName="sources"
              format={format}
            />
          ) : sources.loading ? (
            <Loading />
          ) : null}
        </Card>
        <Card title={t.campaignsTitle} class="site-campaigns">
          {campaigns.error ? <ErrorNotice error={campaigns.error} onRetry={campaigns.reload} /> : null}
          {campaigns.data ? (
            <BreakdownTable
              valueColumns={[
                { key: 'source', label: t.utmSource },
                { key: 'medium', label: t.utmMedium },
                { key: 'campaign', label: t.utmCampaign },
              ]}
              rows={campaigns.data.campaigns.map((c) =>
                breakdownRow(c, [c.source, c.medium, c.campaign], {
                  source: names.value(c.source),
                  medium: names.value(c.medium),
                  campaign: names.value(c.campaign),
                }),
              )}
              other={campaigns.data.other}
              caption={t.campaignsCaption}
              csvName="campaigns"
              format={format}
            />
          ) : campaigns.loading ? (
            <Loading />
          ) : null}
        </Card>

      <DevicesCard project={project} query={query} by={devicesBy} format={format} />
      <LocationsCard project={project} query={query} by={placesBy} format={format} />
      <FreshnessLine timeZone={project.timezone} rolledUpAt={site.rolledAt} checkedAt={site.checkedAt} />
    </Layout>
  );
}
