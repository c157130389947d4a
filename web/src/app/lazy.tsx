import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { Loading } from '../components/Status';

/**
 * A component whose code is loaded on first render (its own chunk, by dynamic import), so the
 * first screen ships only what it shows.
 */
export function lazy<P extends object>(load: () => Promise<{ default: ComponentType<P> }>): ComponentType<P> {
  let loaded: ComponentType<P> | undefined;
  let loading: Promise<void> | undefined;
  const start = () => (loading ??= load().then((m) => void (loaded = m.default)));
  return function Lazy(props: P) {
    const [, setReady] = useState(loaded !== undefined);
    useEffect(() => {
      if (!loaded) void start().then(() => setReady(true));
    }, []);
    const Component = loaded;
    return Component ? <Component {...props} /> : <Loading />;
  };
}
