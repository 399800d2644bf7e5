const KEY = 'countermark.session';

export interface StoredSession {
  token: string;
  expiresAt: string;
}

/** The session token lives in localStorage until it expires or the person signs out. */
export const session = {
  token(): string | null {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as StoredSession;
    if (new Date(s.expiresAt).getTime() < Date.now()) {
      localStorage.removeItem(KEY);
      return null;
    }
    return s.token;
  },
  save(s: StoredSession) {
    localStorage.setItem(KEY, JSON.stringify(s));
  },
  clear() {
    localStorage.removeItem(KEY);
  },
};
