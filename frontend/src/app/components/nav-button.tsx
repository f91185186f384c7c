import { Button } from '@mantine/core';
import { Link, useMatch } from 'react-router';

export function NavButton({ to, label }: { to: string; label: string }) {
  const active = useMatch(`${to}/*`) !== null;
  return (
    <Button
      component={Link}
      to={to}
      variant={active ? 'light' : 'subtle'}
      color={active ? undefined : 'gray'}
      aria-current={active ? 'page' : undefined}
    >
      {label}
    </Button>
  );
}
