import { useState } from 'preact/hooks';
import type { SessionProject } from '../../../api/types';
import { useApp } from '../../../app/session';
import { Card } from '../../../components/Card';
import { DataTable } from '../../../components/DataTable';
import { ErrorNotice, Loading } from '../../../components/Status';
import { useFormat } from '../../../i18n/format';
import { fill, useStrings } from '../../../i18n/strings';
import { FormMessage, TextField } from '../Field';
import { formErrorOf, formLevelMessage, type FormError } from '../formErrors';
import { Outcome } from '../RowActions';
import { strings as adminStrings } from '../strings';
import type { AdminVideo } from '../types';
import { useAdminData } from '../useAdminData';
import { useCatalogEditor } from '../useCatalogEditor';
import { strings } from './strings';

const FIELDS = ['videoId', 'title', 'videoUrl', 'duration'];

/** Empty clears it; anything not a number goes as typed, so the API names the field and why. */
function durationInput(text: string): number | string | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : trimmed;
}

/** The catalog's videos: list, add, edit (title and URL; the id is what events carry), delete. */
export function VideosAdmin({ project }: { project: SessionProject }) {
  const t = useStrings(strings);
  const a = useStrings(adminStrings);
  const format = useFormat(project.timezone);
  const list = useAdminData<{ videos: AdminVideo[] }>(project, '/v1/admin/videos');
  const { editing, outcome, done, formCard, actionsColumn } = useCatalogEditor<AdminVideo>(project, {
    path: (v) => `/videos/${encodeURIComponent(v.videoId)}`,
    nameOf: (v) => v.videoId,
    reload: list.reload,
  });


  return (
    <div class="admin-stack">
      <div ref={formCard}>
        <Card title={editing ? fill(a.editing, { name: editing.videoId }) : t.newVideo}>
          <VideoForm
            key={editing?.videoId ?? '(new)'}
            project={project}
            video={editing}
            onDone={done}
          />
        </Card>
      </div>
      <Card title={t.listTitle}>
        <Outcome text={outcome?.text} error={outcome?.error} />
        {list.error && <ErrorNotice error={list.error} onRetry={() => void list.reload()} />}
        {list.data ? (
          <DataTable
            caption={t.caption}
            rows={list.data.videos}
            rowKey={(v) => v.videoId}
            empty={t.empty}
            columns={[
              { key: 'videoId', label: t.videoId, value: (v) => v.videoId, render: (v) => <code>{v.videoId}</code> },
              { key: 'title', label: t.videoTitle, value: (v) => v.title },
              { key: 'videoUrl', label: t.videoUrl, value: (v) => v.videoUrl, render: (v) => <span class="break">{v.videoUrl ?? a.none}</span> },
              { key: 'duration', label: t.duration, value: (v) => v.duration, render: (v) => (v.duration === null ? a.none : format.number(v.duration)) },
              { key: 'updatedAt', label: a.updated, value: (v) => v.updatedAt, render: (v) => format.dateTime(new Date(v.updatedAt)) },
              actionsColumn,
            ]}
          />
        ) : (
          !list.error && <Loading />
        )}
      </Card>
    </div>
  );
}

function VideoForm({
  project,
  video,
  onDone,
}: {
  project: SessionProject;
  video: AdminVideo | undefined;
  onDone: (saved: AdminVideo | undefined, created: boolean) => Promise<void>;
}) {
  const t = useStrings(strings);
  const a = useStrings(adminStrings);
  const { api } = useApp();
  const [videoId, setVideoId] = useState(video?.videoId ?? '');
  const [title, setTitle] = useState(video?.title ?? '');
  const [videoUrl, setVideoUrl] = useState(video?.videoUrl ?? '');
  const [duration, setDuration] = useState(video?.duration === null || video?.duration === undefined ? '' : String(video.duration));
  const [error, setError] = useState<FormError>();
  const [busy, setBusy] = useState(false);
  const form = 'video-form';

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const url = videoUrl.trim();
      const seconds = durationInput(duration);
      const saved = video
        ? await api.send<AdminVideo>('PATCH', `/v1/admin/videos/${encodeURIComponent(video.videoId)}`, { title, videoUrl: url || null, duration: seconds }, { project: project.id })
        : await api.send<AdminVideo>('POST', '/v1/admin/videos', { videoId: videoId.trim(), title, ...(url ? { videoUrl: url } : {}), ...(seconds === null ? {} : { duration: seconds }) }, { project: project.id });
      await onDone(saved, !video);
      if (!video) {
        setVideoId('');
        setTitle('');
        setVideoUrl('');
        setDuration('');
      }
    } catch (e) {
      setError(formErrorOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form id={form} class="grid-form" onSubmit={(e) => void submit(e)} noValidate>
      <TextField form={form} name="videoId" label={t.videoId} value={videoId} onInput={setVideoId} error={error} required readOnly={video !== undefined} hint={video ? undefined : t.videoIdHint} maxLength={128} />
      <TextField form={form} name="title" label={t.videoTitle} value={title} onInput={setTitle} error={error} required maxLength={256} />
      <TextField form={form} name="videoUrl" label={`${t.videoUrl} (${a.optional})`} value={videoUrl} onInput={setVideoUrl} error={error} type="url" placeholder="https://" />
      <TextField form={form} name="duration" label={`${t.duration} (${a.optional})`} value={duration} onInput={setDuration} error={error} hint={t.durationHint} />
      <div class="span-all">
        <FormMessage message={formLevelMessage(error, FIELDS)} />
        <div class="form-actions">
          {video && (
            <button type="button" class="button" onClick={() => void onDone(undefined, false)}>
              {a.cancel}
            </button>
          )}
          <button type="submit" class="button primary" disabled={busy}>
            {video ? (busy ? a.saving : a.save) : busy ? a.creating : a.create}
          </button>
        </div>
      </div>
    </form>
  );
}
