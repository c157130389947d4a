import { strings } from '../components/strings';
import { useStrings } from '../i18n/strings';
import { Link } from '../router/Link';
import { href } from '../router/router';

/** A path no route matches, or a project the user is not a member of (its existence is not revealed). */
export function NotFound() {
  const t = useStrings(strings);
  return (
    <div class="empty-state">
      <h1>{t.notFound}</h1>
      <p>{t.notFoundText}</p>
      <Link href={href('/')} class="button">
        {t.backToProjects}
      </Link>
    </div>
  );
}
