import type { ReactNode } from 'react';

/**
 * A screen: its title, the actions that apply to the whole screen, an optional introduction and
 * the body. `width` picks one of the main column's widths.
 */
export function Page({ title, actions, intro, width, children }: {
  title: ReactNode;
  actions?: ReactNode;
  intro?: ReactNode;
  width?: 'narrow' | 'narrow-wide' | 'wide';
  children?: ReactNode;
}) {
  return (
    <main className={width}>
      {actions ? (
        <header className="page-head">
          <h1>{title}</h1>
          <div className="actions">{actions}</div>
        </header>
      ) : <h1>{title}</h1>}
      {intro && <p>{intro}</p>}
      {children}
    </main>
  );
}
