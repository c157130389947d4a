import type { OverviewResponse, SessionProject, VideosResponse } from '../../api/types';
import { useStats } from '../../api/useStats';
import { CHART_COLORS } from '../../components/chart/theme';
import { Sparkline } from '../../components/Sparkline';
import { useRange } from '../../components/range';
import { ErrorNotice, Loading } from '../../components/Status';
import { useFormat } from '../../i18n/format';
import { fill, useStrings } from '../../i18n/strings';
import { Link } from '../../router/Link';
import { href } from '../../router/router';
import { strings } from './strings';

const FIGURES = ['impressions', 'interactions', 'plays'] as const;
/** Enough videos to find the three with most interactions (the list is ordered by plays). */
const VIDEOS_LIMIT = 100;

/** One project: its three headline figures with sparklines and its top three widgets (videos) by interactions. */
export function ProjectCard({ project }: { project: SessionProject }) {
  const t = useStrings(strings);
  const format = useFormat(project.timezone);
  const { range, includeBots } = useRange(project.timezone);
  const query = { ...range, includeBots: includeBots ? 'true' : undefined };
  const overview = useStats<OverviewResponse>(project, 'overview', query);
  const videos = useStats<VideosResponse>(project, 'videos', { ...query, limit: VIDEOS_LIMIT });
  const top = videos.data
    ? [...videos.data.videos]
        .filter((v) => v.interactions > 0)
        .sort((a, b) => b.interactions - a.interactions || a.videoId.localeCompare(b.videoId))
        .slice(0, 3)
    : [];
  const days = overview.data?.series.map((d) => format.shortDay(d.date)) ?? [];

  return (
    <article class="card project-card" data-project={project.id}>
      <header class="project-card-header">
        <h2>
          <Link href={href(`/p/${encodeURIComponent(project.id)}/overview`)}>{project.name}</Link>
        </h2>
        <span class="badge" title={fill(t.role, { role: t[project.role] })}>
          {t[project.role]}
        </span>
      </header>
      {overview.error && <ErrorNotice error={overview.error} onRetry={overview.reload} />}
      {!overview.data && overview.loading && <Loading />}
      {overview.data && (
        <div class="project-figures">
          {FIGURES.map((name, i) => (
            <div class="project-figure" key={name} data-metric={name}>
              <span class="metric-label">{t[name]}</span>
              <span class="metric-value small" data-value>
                {format.number(overview.data?.totals[name] ?? 0)}
              </span>
              <Sparkline
                labels={days}
                values={overview.data?.series.map((d) => d[name]) ?? []}
                format={format.number}
                caption={t[name]}
                color={CHART_COLORS[i]}
                height={32}
              />
            </div>
          ))}
        </div>
      )}
      <div class="top-widgets">
        <h3>
          {t.topWidgets} <span class="muted small">{t.byInteractions}</span>
        </h3>
        {videos.data &&
          (top.length === 0 ? (
            <p class="muted small">{t.noWidgets}</p>
          ) : (
            <ol class="rank-list">
              {top.map((v) => (
                <li key={v.videoId}>
                  <span class="rank-name" title={v.videoId}>
                    {v.title ?? v.videoId}
                  </span>
                  <span class="rank-value">{format.number(v.interactions)}</span>
                </li>
              ))}
            </ol>
          ))}
      </div>
      <Link href={href(`/p/${encodeURIComponent(project.id)}/overview`)} class="card-link">
        {t.open} →
      </Link>
    </article>
  );
}
