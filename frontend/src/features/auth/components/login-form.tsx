import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useState, type SubmitEvent } from 'react';

import { ApiError } from '@/lib/api-client';

import { useLogin } from '../api/login';
import type { User } from '../types';

export function LoginForm({ onSuccess }: { onSuccess: (user: User) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const loginMutation = useLogin({ onSuccess });

  const error = loginMutation.error;
  const apiError = error instanceof ApiError ? error : null;

  const handleSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    loginMutation.mutate({ username, password });
  };

  return (
    <form onSubmit={handleSubmit} noValidate>
      <Stack>
        {error && (
          <Alert color="red" title="Sign-in failed" role="alert">
            {error.message}
          </Alert>
        )}
        <TextInput
          label="Username"
          name="username"
          autoComplete="username"
          required
          autoFocus
          value={username}
          onChange={(event) => {
            setUsername(event.currentTarget.value);
          }}
          error={apiError?.fieldMessage('/username')}
        />
        <PasswordInput
          label="Password"
          name="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => {
            setPassword(event.currentTarget.value);
          }}
          error={apiError?.fieldMessage('/password')}
        />
        <Button type="submit" loading={loginMutation.isPending} disabled={!username || !password}>
          Sign in
        </Button>
      </Stack>
    </form>
  );
}
