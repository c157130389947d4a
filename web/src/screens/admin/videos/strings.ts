import { defineStrings } from '../../../i18n/strings';

export const strings = defineStrings({
  en: {
    listTitle: 'Videos',
    newVideo: 'Add a video',
    videoId: 'Video id',
    videoIdHint: 'The id your widget sends (letters, digits and . _ : -); it cannot change later.',
    videoTitle: 'Title',
    videoUrl: 'Video URL',
    duration: 'Duration (seconds)',
    durationHint: 'Audience retention takes its percent points of it; empty: the duration most players reported.',
    empty: 'No videos yet.',
    caption: 'Videos of this project',
  },
  ja: {
    listTitle: '動画',
    newVideo: '動画を追加',
    videoId: '動画ID',
    videoIdHint: 'ウィジェットが送るID（英数字と . _ : -）。後から変更できません。',
    videoTitle: 'タイトル',
    videoUrl: '動画URL',
    duration: '長さ（秒）',
    durationHint: '視聴維持率の％はこの長さに対して計算します。空欄なら、最も多くのプレーヤーが報告した長さを使います。',
    empty: '動画はまだありません。',
    caption: 'このプロジェクトの動画',
  },
});
