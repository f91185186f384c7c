import { ThemeIcon } from '@mantine/core';

/** Outline paths for the icon names blocks use; other names fall back to the connector's initial. */
const PATHS: Record<string, string> = {
  webhook: 'M18 16.98h-5.99c-1.1 0-1.95.94-2.48 1.9A4 4 0 0 1 2 17c.01-.7.2-1.4.57-2M6 17l3.13-5.78c.53-.97.1-2.18-.5-3.1a4 4 0 1 1 6.89-4.06M12 6l3.13 5.73C15.66 12.7 16.9 13 18 13a4 4 0 0 1 0 8',
  shuffle: 'M2 18h1.4c1.3 0 2.5-.6 3.3-1.7l6.1-8.6c.7-1.1 2-1.7 3.3-1.7H22M18 2l4 4-4 4M2 6h1.9c1.5 0 2.9.9 3.6 2.2M22 18h-5.9c-1.3 0-2.6-.7-3.3-1.8l-.5-.8M18 14l4 4-4 4',
  split: 'M16 3h5v5M8 3H3v5M12 22v-8.3a4 4 0 0 0-1.172-2.872L3 3M15 9l6-6',
  globe: 'M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zM2 12h20M12 2a15.3 15.3 0 0 1 4 10 15.3 15.3 0 0 1-4 10 15.3 15.3 0 0 1-4-10 15.3 15.3 0 0 1 4-10z',
  filter: 'M22 3H2l8 9.46V19l4 2v-8.54L22 3z',
  clock: 'M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zM12 6v6l4 2',
  play: 'M6 3l14 9-14 9V3z',
  hourglass: 'M5 22h14M5 2h14M17 22v-4.172a2 2 0 0 0-.586-1.414L12 12l-4.414 4.414A2 2 0 0 0 7 17.828V22M7 2v4.172a2 2 0 0 0 .586 1.414L12 12l4.414-4.414A2 2 0 0 0 17 6.172V2',
};

const COLORS: Record<string, string> = { core: 'indigo', stripe: 'violet', shopify: 'green' };

export function BlockIcon({ icon, connector, size = 28 }: { icon: string | undefined; connector: string; size?: number }) {
  const path = icon ? PATHS[icon.replace(/\.svg$/, '')] : undefined;
  return (
    <ThemeIcon size={size} variant="light" color={COLORS[connector] ?? 'gray'} radius="sm" aria-hidden>
      {path ? (
        <svg width={size * 0.6} height={size * 0.6} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
          <path d={path} />
        </svg>
      ) : (
        <span style={{ fontWeight: 700, fontSize: size * 0.45 }}>{connector.charAt(0).toUpperCase()}</span>
      )}
    </ThemeIcon>
  );
}
