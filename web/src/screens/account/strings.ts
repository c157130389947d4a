import { defineStrings } from '../../i18n/strings';

export const strings = defineStrings({
  en: {
    title: 'Account',
    signedInAs: 'Logged in as {email}',
    changePassword: 'Change password',
    currentPassword: 'Current password',
    newPassword: 'New password',
    confirmPassword: 'New password again',
    hint: '10 to 256 characters. Your other sessions are logged out.',
    mismatch: 'The two new passwords differ.',
    tooShort: 'The new password needs at least 10 characters.',
    wrongPassword: 'The current password is not right.',
    save: 'Change password',
    saving: 'Changing…',
    saved: 'Password changed. Every other session of yours has been logged out.',
  },
  ja: {
    title: 'アカウント',
    signedInAs: '{email} でログイン中',
    changePassword: 'パスワード変更',
    currentPassword: '現在のパスワード',
    newPassword: '新しいパスワード',
    confirmPassword: '新しいパスワード（確認）',
    hint: '10〜256文字。他のセッションはログアウトされます。',
    mismatch: '新しいパスワードが一致しません。',
    tooShort: '新しいパスワードは10文字以上必要です。',
    wrongPassword: '現在のパスワードが正しくありません。',
    save: 'パスワードを変更',
    saving: '変更中…',
    saved: 'パスワードを変更しました。他のセッションはすべてログアウトされました。',
  },
});
