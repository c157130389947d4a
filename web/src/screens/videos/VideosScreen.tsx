import { useEffect, useMemo } from 'preact/hooks';
import type { PlaybackResponse, TransitionsResponse, VideoFunnelResponse } from '../../api/reportTypes';
import type { OverviewResponse, VideosResponse } from '../../api/types';
import { useStats } from '../../api/useStats';
import type { ProjectScreenProps } from '../../app/routes';
import { BotsSwitch } from '../../components/BotsSwitch';
import { Card } from '../../components/Card';
import { preloadCharts } from '../../components/Chart';
import { Layout, ScreenHeader } from '../../components/Layout';
import { RangePicker } from '../../components/RangePicker';
import { useRange } from '../../components/range';
import { ErrorNotice, FreshnessLine, Loading } from '../../components/Status';
import { useStrings } from '../../i18n/strings';
import { AudienceRetention } from './AudienceRetention';
import { BranchGraph } from './BranchGraph';
import { PlaybackTable } from './PlaybackTable';
import { playbackStrings } from './playbackStrings';
import { strings } from './strings';
import { VideosTable } from './VideosTable';
import { funnelStrings } from './funnelStrings';
import { VideoFunnelTable } from './VideoFunnelTable';

/**
 * Videos: every figure of every video and its slots over the range, their playback quality, the
 * video funnel per video and slot, a video's audience retention, and the branch choices between
 * slots as a graph and a table. Titles come with the figures; slots are named by id.
 */
export default function VideosScreen({ project }: ProjectScreenProps) {
  useEffect(preloadCharts, []);
  const t = useStrings(strings);
  const range = useRange(project.timezone);
  const query = { from: range.range.from, to: range.range.to, includeBots: range.includeBots };
  const videos = useStats<VideosResponse>(project, 'videos', query);
  const overview = useStats<OverviewResponse>(project, 'overview', query);
  const transitions = useStats<TransitionsResponse>(project, 'transitions', query);
  const funnel = useStats<VideoFunnelResponse>(project, 'video-funnel', query);
  const f = useStrings(funnelStrings);
  const titles = useMemo(() => new Map((videos.data?.videos ?? []).flatMap((v) => (v.title === null ? [] : [[v.videoId, v.title] as const]))), [videos.data]);
  const playback = useStats<PlaybackResponse>(project, 'playback', query);
  const pt = useStrings(playbackStrings);

  // Transitions name slots only; the videos answer says which video played each slot (events
  // may name one slot under several videos: then it is said so rather than one picked).
  const videoOfSlot = useMemo(() => {
    const map = new Map<string, string>();
    for (const v of videos.data?.videos ?? []) {
      const name = v.title ?? v.videoId;
      for (const s of v.slots) map.set(s.slotId, map.has(s.slotId) && map.get(s.slotId) !== name ? t.severalVideos : name);
    }
    return map;
  }, [videos.data, t]);

  return (
    <Layout project={project} current="videos">
      <ScreenHeader title={t.title}>
        <RangePicker state={range} />
        <BotsSwitch state={range} />
      </ScreenHeader>
      <Card title={t.tableTitle}>
        {videos.error ? <ErrorNotice error={videos.error} onRetry={videos.reload} /> : null}
        {videos.data ? (
          <VideosTable answer={videos.data} project={overview.data?.totals} timeZone={project.timezone} />
        ) : videos.loading ? (
          <Loading />
        ) : null}
      </Card>
      <Card title={pt.title}>
        {playback.error ? <ErrorNotice error={playback.error} onRetry={playback.reload} /> : null}
        {playback.data ? <PlaybackTable answer={playback.data} titles={titles} timeZone={project.timezone} /> : playback.loading ? <Loading /> : null}
      </Card>
      <Card title={f.funnelTitle}>
        {funnel.error ? <ErrorNotice error={funnel.error} onRetry={funnel.reload} /> : null}
        {funnel.data ? <VideoFunnelTable answer={funnel.data} titles={titles} timeZone={project.timezone} /> : funnel.loading ? <Loading /> : null}
      </Card>
      <Card title={t.retentionTitle}>
        {videos.data ? <AudienceRetention project={project} videos={videos.data.videos} query={query} /> : videos.loading ? <Loading /> : null}
      </Card>
      <Card title={t.graphTitle}>
        {transitions.error ? <ErrorNotice error={transitions.error} onRetry={transitions.reload} /> : null}
        {transitions.data ? (
          <BranchGraph answer={transitions.data} videoOfSlot={videoOfSlot} timeZone={project.timezone} />
        ) : transitions.loading ? (
          <Loading />
        ) : null}
      </Card>
      <FreshnessLine timeZone={project.timezone} rolledUpAt={videos.rolledAt} checkedAt={videos.checkedAt} />
    </Layout>
  );
}
