import { useEffect, useRef, useState } from 'preact/hooks';
import { useApp } from '../app/session';
import { useStrings } from '../i18n/strings';
import { Link } from '../router/Link';
import { href } from '../router/router';
import { strings } from './strings';

/** The user's e-mail, opening a menu with "change password" and "log out". Escape or a click outside closes it. */
export function AccountMenu() {
  const t = useStrings(strings);
  const { session, logout } = useApp();
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const onClick = (e: MouseEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    document.addEventListener('click', onClick);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('click', onClick);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);
  const initial = session.user.email.slice(0, 1).toUpperCase();
  return (
    <div class="account-menu" ref={root}>
      <button type="button" class="account-button" aria-expanded={open} aria-haspopup="true" onClick={() => setOpen(!open)} title={t.account}>
        <span class="avatar" aria-hidden="true">
          {initial}
        </span>
        <span class="account-email">{session.user.email}</span>
      </button>
      {open && (
        <div class="menu">
          <Link href={href('/account')} class="menu-item" onClick={() => setOpen(false)}>
            {t.changePassword}
          </Link>
          <button type="button" class="menu-item" onClick={() => void logout()} data-testid="logout">
            {t.logout}
          </button>
        </div>
      )}
    </div>
  );
}
