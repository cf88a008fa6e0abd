import type { ReactNode } from 'react';

/**
 * A button that stays focusable when it cannot act: `aria-disabled` instead of `disabled`, so a
 * keyboard user who presses Train or Stop keeps focus on it while the button changes state
 * (a `disabled` button drops focus to <body>). Clicks are ignored while disabled.
 */
export function ActionButton({
  disabled,
  onClick,
  className,
  children,
  id,
  describedBy,
}: {
  disabled: boolean;
  onClick: () => void;
  className?: string;
  children: ReactNode;
  id?: string;
  describedBy?: string;
}) {
  return (
    <button
      type="button"
      id={id}
      className={className}
      aria-disabled={disabled || undefined}
      aria-describedby={describedBy}
      onClick={disabled ? undefined : onClick}
    >
      {children}
    </button>
  );
}
