import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { Loading } from '../components/Status';
import { strings } from '../components/strings';
import { useStrings } from '../i18n/strings';

/**
 * A component whose code is loaded on first render (its own chunk, by dynamic import), so the
 * first screen ships only what it shows. When the chunk cannot be loaded (offline, or a deploy
 * replaced it), the screen says so and offers a reload, which fetches the new index.
 */
export function lazy<P extends object>(load: () => Promise<{ default: ComponentType<P> }>): ComponentType<P> {
  let loaded: ComponentType<P> | undefined;
  let loading: Promise<void> | undefined;
  const start = () =>
    (loading ??= load().then(
      (m) => void (loaded = m.default),
      (err: unknown) => {
        loading = undefined;
        throw err;
      },
    ));
  return function Lazy(props: P) {
    const [, setReady] = useState(loaded !== undefined);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (!loaded) start().then(() => setReady(true), () => setFailed(true));
    }, []);
    const Component = loaded;
    if (Component) return <Component {...props} />;
    return failed ? <LoadFailed /> : <Loading />;
  };
}

function LoadFailed() {
  const t = useStrings(strings);
  return (
    <div class="empty-state" role="alert">
      <p>{t.loadFailed}</p>
      <button type="button" class="button primary" onClick={() => window.location.reload()}>
        {t.reload}
      </button>
    </div>
  );
}
