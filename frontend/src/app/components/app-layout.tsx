import { Anchor, AppShell, Group, Title } from '@mantine/core';
import { Link, Outlet } from 'react-router';

import { NavButton } from './nav-button';
import { UserMenu } from './user-menu';

export function AppLayout() {
  return (
    <AppShell header={{ height: 60 }} padding="lg">
      <AppShell.Header>
        <Group h="100%" px="lg" justify="space-between">
          <Group gap="xl">
            <Anchor component={Link} to="/dashboard" underline="never" c="inherit">
              <Title order={3}>Dovetail</Title>
            </Anchor>
            <Group gap={4} component="nav" aria-label="Main">
              <NavButton to="/dashboard" label="Dashboard" />
              <NavButton to="/flows" label="Flows" />
              <NavButton to="/runs" label="Runs" />
              <NavButton to="/templates" label="Templates" />
              <NavButton to="/sandbox" label="Sandbox" />
            </Group>
          </Group>
          <UserMenu />
        </Group>
      </AppShell.Header>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
