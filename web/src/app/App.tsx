import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { ApiClient } from '../api/client';
import { ApiError } from '../api/errors';
import type { SessionInfo } from '../api/types';
import { Layout } from '../components/Layout';
import { Loading } from '../components/Status';
import { initialLocale, LocaleContext, saveLocale, type Locale } from '../i18n/locale';
import { href, matchPath, navigate, useLocation } from '../router/router';
import { hasRole } from './roles';
import { ROUTES } from './routes';
import { AppContext, LoginContext, TabChannel, type AppState } from './session';
import { NotFound } from './NotFound';

/** Not known yet (asking the server), logged out, or logged in. */
type SessionState = { status: 'unknown' } | { status: 'out' } | { status: 'in'; session: SessionInfo };

const api = new ApiClient();

/** Where login sends the user afterwards: an app path only, never another site. */
function nextPath(query: URLSearchParams): string {
  const next = query.get('next') ?? '/';
  return next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function App() {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  const [state, setState] = useState<SessionState>({ status: 'unknown' });
  const location = useLocation();

  const setLocale = useCallback((l: Locale) => {
    saveLocale(l);
    setLocaleState(l);
  }, []);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const loggedOut = useCallback(() => {
    api.setCsrfToken(undefined);
    setState({ status: 'out' });
  }, []);

  const loadSession = useCallback(async () => {
    try {
      const { body } = await api.get<SessionInfo>('/v1/auth/session');
      api.setCsrfToken(body.csrfToken);
      setState({ status: 'in', session: body });
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) loggedOut();
      else setState({ status: 'out' });
    }
  }, [loggedOut]);

  const tabs = useMemo(
    () =>
      new TabChannel((message) => {
        if (message.type === 'logout') loggedOut();
        else void loadSession();
      }),
    [loggedOut, loadSession],
  );
  useEffect(() => () => tabs.close(), [tabs]);

  useEffect(() => {
    api.onUnauthorized = loggedOut;
    void loadSession();
  }, [loggedOut, loadSession]);

  const appState: AppState | undefined = useMemo(
    () =>
      state.status === 'in'
        ? {
            api,
            session: state.session,
            refreshSession: loadSession,
            logout: async () => {
              try {
                await api.send('POST', '/v1/auth/logout');
              } catch {
                // Logged out here whatever the server said; its session expires on its own.
              }
              tabs.post({ type: 'logout' });
              loggedOut();
            },
          }
        : undefined,
    [state, loadSession, loggedOut, tabs],
  );

  // Logged out anywhere but the login screen: go there, and come back afterwards.
  const atLogin = location.path === '/login';
  useEffect(() => {
    if (state.status === 'out' && !atLogin) {
      const back = location.path === '/' ? undefined : `${location.path}${location.query.size > 0 ? `?${location.query.toString()}` : ''}`;
      navigate(href('/login', back === undefined ? undefined : { next: back }), { replace: true });
    }
    if (state.status === 'in' && atLogin) navigate(`/app${nextPath(location.query)}`, { replace: true });
  }, [state.status, atLogin, location]);

  const onLoggedIn = useCallback(() => {
    tabs.post({ type: 'login' });
    void loadSession();
  }, [tabs, loadSession]);

  return (
    <LocaleContext.Provider value={{ locale, setLocale }}>
      <Screen state={state} appState={appState} onLoggedIn={onLoggedIn} />
    </LocaleContext.Provider>
  );
}

function Screen({ state, appState, onLoggedIn }: { state: SessionState; appState: AppState | undefined; onLoggedIn: () => void }) {
  const { path, query } = useLocation();
  for (const route of ROUTES) {
    const params = matchPath(route.pattern, path);
    if (!params) continue;
    if (route.kind === 'public') {
      const Public = route.screen;
      return (
        <LoginContext.Provider value={{ api, onLoggedIn }}>
          <Public params={params} query={query} />
        </LoginContext.Provider>
      );
    }
    if (!appState) return <Loading />;
    const content = (() => {
      if (route.kind === 'user') {
        const User = route.screen;
        return <User params={params} query={query} />;
      }
      const project = appState.session.projects.find((p) => p.id === params.projectId);
      if (!project || (route.minRole !== undefined && !hasRole(project.role, route.minRole))) {
        return (
          <Layout project={project}>
            <NotFound />
          </Layout>
        );
      }
      const ProjectScreen = route.screen;
      return <ProjectScreen key={project.id} params={params} query={query} project={project} />;
    })();
    return <AppContext.Provider value={appState}>{content}</AppContext.Provider>;
  }
  if (state.status === 'unknown') return <Loading />;
  return appState ? (
    <AppContext.Provider value={appState}>
      <Layout>
        <NotFound />
      </Layout>
    </AppContext.Provider>
  ) : (
    <Loading />
  );
}
