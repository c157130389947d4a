import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ApiClient } from '../api/client';
import type { SessionInfo } from '../api/types';

export interface AppState {
  api: ApiClient;
  session: SessionInfo;
  /** Reads the session again (projects and roles change when projects are created or shared). */
  refreshSession: () => Promise<void>;
  /** Ends the session here and in every other tab. */
  logout: () => Promise<void>;
}

export const AppContext = createContext<AppState | undefined>(undefined);

/** The logged-in app: API client and session. Only screens behind login use it. */
export function useApp(): AppState {
  const state = useContext(AppContext);
  if (!state) throw new Error('useApp outside a logged-in screen');
  return state;
}

type TabMessage = { type: 'logout' } | { type: 'login' };

/**
 * Tells the app's other tabs in this browser that the session ended or began, so a logout
 * anywhere shows every tab the login screen at once. Without BroadcastChannel, nothing is sent
 * and the other tabs find out at their next request (401).
 */
export class TabChannel {
  private readonly channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel('cuepoint-session') : undefined;

  constructor(onMessage: (message: TabMessage) => void) {
    if (this.channel) this.channel.onmessage = (event: MessageEvent<TabMessage>) => onMessage(event.data);
  }

  post(message: TabMessage): void {
    this.channel?.postMessage(message);
  }

  close(): void {
    this.channel?.close();
  }
}

/** What the login screen needs before there is a session. */
export interface LoginState {
  api: ApiClient;
  /** Called after a successful login: loads the session and tells the other tabs. */
  onLoggedIn: () => void;
}

export const LoginContext = createContext<LoginState | undefined>(undefined);

export function useLogin(): LoginState {
  const state = useContext(LoginContext);
  if (!state) throw new Error('useLogin outside a public screen');
  return state;
}
