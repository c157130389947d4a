import type { ComponentChildren } from 'preact';

export interface CardProps {
  title?: ComponentChildren;
  /** Elements at the right of the title (an export button, a switch). */
  actions?: ComponentChildren;
  children?: ComponentChildren;
  class?: string;
}

/** A white panel with an optional title row; the building block of every screen. */
export function Card({ title, actions, children, class: className }: CardProps) {
  return (
    <section class={`card ${className ?? ''}`}>
      {(title !== undefined || actions !== undefined) && (
        <header class="card-header">
          {title !== undefined && <h2 class="card-title">{title}</h2>}
          {actions !== undefined && <div class="card-actions">{actions}</div>}
        </header>
      )}
      {children}
    </section>
  );
}
