import type { ComponentChildren } from 'preact';
import { navigate } from './router';

export interface LinkProps {
  href: string;
  class?: string;
  title?: string;
  'aria-current'?: 'page' | undefined;
  /** Runs before navigating (closing a menu). */
  onClick?: () => void;
  children?: ComponentChildren;
}

/** An ordinary link (keyboard, middle click and "open in new tab" work) that navigates in place on a plain click. */
export function Link({ href, onClick, children, ...rest }: LinkProps) {
  const onLinkClick = (event: MouseEvent) => {
    onClick?.();
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(href);
  };
  return (
    <a {...rest} href={href} onClick={onLinkClick}>
      {children}
    </a>
  );
}
