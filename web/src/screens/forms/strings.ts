import { defineStrings } from '../../i18n/strings';

/** Texts of the Forms screen. */
export const strings = defineStrings({
  en: {
    title: 'Forms',
    perForm: 'Per form',
    caption: 'Starts, submits and time to complete per form',
    form: 'Form',
    otherForms: 'Other forms',
    starts: 'Starts',
    completed: 'Completed',
    submits: 'Submits',
    completionRate: 'Completion',
    abandonRate: 'Abandoned',
    avgSecondsToComplete: 'Avg. time',
    medianSecondsToComplete: 'Median time',
    empty: 'No form was started or submitted in this range. Forms are tracked when the page marks them with data-cp-form.',
  },
  ja: {
    title: 'フォーム',
    perForm: 'フォーム別',
    caption: 'フォームごとの開始・送信・完了までの時間',
    form: 'フォーム',
    otherForms: 'その他のフォーム',
    starts: '開始',
    completed: '完了',
    submits: '送信',
    completionRate: '完了率',
    abandonRate: '離脱率',
    avgSecondsToComplete: '平均時間',
    medianSecondsToComplete: '時間の中央値',
    empty: 'この期間に開始・送信されたフォームはありません。data-cp-form を付けたフォームが計測されます。',
  },
});
