import { ActionIcon, Anchor, Badge, Button, Group, Menu, Switch, TextInput, Tooltip } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

import { useCanvasStore } from '../store/canvas-store';

interface EditorToolbarProps {
  version: number | null;
  active: boolean;
  dirty: boolean;
  saving: boolean;
  toggling: boolean;
  canActivate: boolean;
  saved: boolean;
  importButton: ReactNode;
  onSave: () => void;
  onToggleActive: (active: boolean) => void;
  onTestRun: () => void;
  onExport: () => void;
  onVersions: () => void;
  onDuplicate: () => void;
  onRotateWebhook: () => void;
}

function Icon({ d }: { d: string }) {
  return (
    <svg width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden>
      <path d={d} />
    </svg>
  );
}

export function EditorToolbar(props: EditorToolbarProps) {
  const name = useCanvasStore((s) => s.meta.name);
  const setName = useCanvasStore((s) => s.setName);
  const canUndo = useCanvasStore((s) => s.past.length > 0);
  const canRedo = useCanvasStore((s) => s.future.length > 0);
  const { undo, redo } = useCanvasStore.getState();
  return (
    <Group justify="space-between" wrap="nowrap" gap="xs">
      <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
        <Anchor component={Link} to="/flows" size="sm">
          ← Flows
        </Anchor>
        <TextInput
          aria-label="Flow name"
          value={name}
          onChange={(e) => {
            setName(e.currentTarget.value);
          }}
          size="xs"
          w={240}
        />
        {props.version !== null && (
          <Badge variant="light" color="gray">
            v{props.version}
          </Badge>
        )}
        <Badge variant="light" color={props.dirty ? 'yellow' : 'gray'} data-testid="save-state">
          {props.dirty ? 'unsaved changes' : props.saved ? 'saved' : 'new'}
        </Badge>
      </Group>
      <Group gap="xs" wrap="nowrap">
        <Tooltip label="Undo (Ctrl+Z)">
          <ActionIcon variant="default" aria-label="Undo" disabled={!canUndo} onClick={undo}>
            <Icon d="M9 14L4 9l5-5M4 9h11a5 5 0 0 1 0 10h-4" />
          </ActionIcon>
        </Tooltip>
        <Tooltip label="Redo (Ctrl+Shift+Z)">
          <ActionIcon variant="default" aria-label="Redo" disabled={!canRedo} onClick={redo}>
            <Icon d="M15 14l5-5-5-5M20 9H9a5 5 0 0 0 0 10h4" />
          </ActionIcon>
        </Tooltip>
        {props.importButton}
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <Button variant="default" size="xs" aria-label="More actions">
              More
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item onClick={props.onExport}>Export JSON</Menu.Item>
            <Menu.Item onClick={props.onVersions} disabled={!props.saved}>
              Versions…
            </Menu.Item>
            <Menu.Item onClick={props.onDuplicate} disabled={!props.saved}>
              Duplicate
            </Menu.Item>
            <Menu.Item onClick={props.onRotateWebhook} disabled={!props.saved}>
              New webhook URL
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
        <Button variant="light" size="xs" onClick={props.onTestRun}>
          Test run
        </Button>
        <Tooltip label="Save a new version (Ctrl+S)">
          <Button size="xs" onClick={props.onSave} loading={props.saving}>
            Save
          </Button>
        </Tooltip>
        <Tooltip label={props.canActivate || props.active ? 'Turn the trigger on or off' : 'Fix the problems first'}>
          <Switch
            label="Active"
            checked={props.active}
            disabled={props.toggling || (!props.active && !props.canActivate)}
            onChange={(e) => {
              props.onToggleActive(e.currentTarget.checked);
            }}
          />
        </Tooltip>
      </Group>
    </Group>
  );
}
