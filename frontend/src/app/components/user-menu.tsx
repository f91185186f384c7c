import { Button, Menu } from '@mantine/core';
import { useNavigate } from 'react-router';

import { useUser } from '@/features/auth/api/get-user';
import { useLogout } from '@/features/auth/api/logout';

export function UserMenu() {
  const user = useUser().data;
  const navigate = useNavigate();
  const logoutMutation = useLogout({
    onSuccess: () => {
      void navigate('/login', { replace: true });
    },
  });

  if (!user) return null;
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button variant="default" aria-label="User menu">
          {user.username}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Signed in as {user.username}</Menu.Label>
        <Menu.Item
          color="red"
          disabled={logoutMutation.isPending}
          onClick={() => {
            logoutMutation.mutate();
          }}
        >
          Log out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
