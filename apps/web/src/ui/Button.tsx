import type { ButtonHTMLAttributes } from 'react';

export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'link';

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  /** primary (the default) for the form's action, secondary beside it, danger for what cannot be undone */
  variant?: ButtonVariant;
  small?: boolean;
  /** a request is running: the button is disabled and says so to assistive technology */
  busy?: boolean;
  /** the text while busy (e.g. "Saving…"); the children stay when absent */
  busyLabel?: string;
}

/**
 * The one button of the client. `type` defaults to "button", so only a form's own action submits
 * it (`type="submit"`).
 */
export function Button({ variant = 'primary', small, busy, busyLabel, disabled, className, type = 'button', children, ...rest }: ButtonProps) {
  const classes = [variant === 'primary' ? null : variant, small ? 'small' : null, className].filter(Boolean).join(' ') || undefined;
  return (
    <button {...rest} type={type} className={classes} disabled={disabled || busy} aria-busy={busy || undefined}>
      {busy && busyLabel ? busyLabel : children}
    </button>
  );
}
