/**
 * A horizontally scrolling box for a wide table on a phone. It can take focus (so a keyboard can
 * scroll it) and is a named region (so a screen reader says what the focus landed on).
 */
import type { ReactNode } from 'react';

export function ScrollRegion({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard (WCAG 2.1.1)
    <section className="table-scroll" tabIndex={0} aria-label={label}>
      {children}
    </section>
  );
}
