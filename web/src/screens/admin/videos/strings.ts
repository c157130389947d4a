import { defineStrings } from '../../../i18n/strings';

export const strings = defineStrings({
  en: {
    listTitle: 'Videos',
    newVideo: 'Add a video',
    videoId: 'Video id',
    videoIdHint: 'The id your widget sends (letters, digits and . _ : -); it cannot change later.',
    videoTitle: 'Title',
    videoUrl: 'Video URL',
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
    empty: '動画はまだありません。',
    caption: 'このプロジェクトの動画',
  },
});
