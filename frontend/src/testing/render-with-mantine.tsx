// Test helper: renders a component inside Mantine, in jsdom (which lacks matchMedia,
// ResizeObserver and document.fonts, all used by Mantine).
import { MantineProvider } from '@mantine/core';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';

class NoopResizeObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
}

function stub(target: object, name: string, value: unknown) {
  // jsdom declares some of these without a value, so test the value, not the name.
  if (Reflect.get(target, name) === undefined) Object.defineProperty(target, name, { configurable: true, writable: true, value });
}

export function renderWithMantine(ui: ReactElement) {
  stub(window, 'matchMedia', (query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
    dispatchEvent: () => false,
  }));
  stub(window, 'ResizeObserver', NoopResizeObserver);
  stub(document, 'fonts', { addEventListener: () => undefined, removeEventListener: () => undefined });
  return render(<MantineProvider>{ui}</MantineProvider>);
}
