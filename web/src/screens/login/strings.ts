import { defineStrings } from '../../i18n/strings';

export const strings = defineStrings({
  en: {
    title: 'Log in to Cuepoint',
    subtitle: 'Analytics for your video widgets.',
    email: 'E-mail',
    password: 'Password',
    submit: 'Log in',
    submitting: 'Logging in…',
    invalidCredentials: 'The e-mail or the password is not right.',
    tooManyAttempts: 'Too many attempts. Try again in {seconds} seconds.',
    failed: 'Logging in failed: {message}',
  },
  ja: {
    title: 'Cuepoint にログイン',
    subtitle: '動画ウィジェットのアナリティクス',
    email: 'メールアドレス',
    password: 'パスワード',
    submit: 'ログイン',
    submitting: 'ログイン中…',
    invalidCredentials: 'メールアドレスまたはパスワードが正しくありません。',
    tooManyAttempts: '試行回数が多すぎます。{seconds} 秒後にもう一度お試しください。',
    failed: 'ログインできませんでした: {message}',
  },
});
