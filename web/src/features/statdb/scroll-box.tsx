/** A long table scrolls inside its box with the header row in view; a named, focusable region. */
import type { ReactNode } from 'react';

const BOX = { maxHeight: 520, overflow: 'auto' } as const;

export function ScrollBox({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard (WCAG 2.1.1)
    <section className="table-scroll" tabIndex={0} aria-label={label} style={BOX}>
      {children}
    </section>
  );
}
