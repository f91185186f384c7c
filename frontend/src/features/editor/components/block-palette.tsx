import { Group, ScrollArea, Stack, Text, TextInput, Tooltip, UnstyledButton } from '@mantine/core';
import { useMemo, useState, type DragEvent } from 'react';

import type { BlockManifest } from '../types';
import { BlockIcon } from './block-icon';
import { BLOCK_DRAG_TYPE } from '../lib/dnd';

interface BlockPaletteProps {
  blocks: BlockManifest[];
  /** A flow accepts one trigger: once it has one, triggers cannot be added. */
  hasTrigger: boolean;
  onAdd: (block: string) => void;
}

/** Every block, grouped by connector and searchable; drag one onto the canvas or click to add it. */
export function BlockPalette({ blocks, hasTrigger, onAdd }: BlockPaletteProps) {
  const [search, setSearch] = useState('');
  const groups = useMemo(() => {
    const needle = search.trim().toLowerCase();
    const matching = blocks.filter(
      (b) => !needle || `${b.title} ${b.description} ${b.key}`.toLowerCase().includes(needle),
    );
    const byConnector = new Map<string, BlockManifest[]>();
    for (const block of matching) byConnector.set(block.connector, [...(byConnector.get(block.connector) ?? []), block]);
    return [...byConnector.entries()];
  }, [blocks, search]);

  const onDragStart = (event: DragEvent, block: string) => {
    event.dataTransfer.setData(BLOCK_DRAG_TYPE, block);
    event.dataTransfer.effectAllowed = 'copy';
  };

  return (
    <Stack gap="xs" h="100%" data-testid="block-palette">
      <TextInput
        placeholder="Search blocks"
        aria-label="Search blocks"
        value={search}
        onChange={(e) => {
          setSearch(e.currentTarget.value);
        }}
        size="xs"
      />
      <ScrollArea style={{ flex: 1 }} type="auto" offsetScrollbars>
        <Stack gap="sm">
          {groups.length === 0 && (
            <Text size="xs" c="dimmed">
              No block matches.
            </Text>
          )}
          {groups.map(([connector, items]) => (
            <Stack key={connector} gap={2}>
              <Text size="xs" fw={700} tt="uppercase" c="dimmed">
                {connector}
              </Text>
              {items.map((block) => {
                const refused = block.kind === 'trigger' && hasTrigger;
                return (
                  <Tooltip
                    key={block.key}
                    label={refused ? 'This flow already has a trigger; a flow accepts one.' : block.description}
                    multiline
                    maw={280}
                    position="right"
                    openDelay={400}
                  >
                    <UnstyledButton
                      draggable={!refused}
                      onDragStart={(e) => {
                        onDragStart(e, block.key);
                      }}
                      onClick={() => {
                        if (!refused) onAdd(block.key);
                      }}
                      aria-disabled={refused}
                      data-testid="palette-block"
                      data-block={block.key}
                      p={4}
                      style={{ borderRadius: 6, opacity: refused ? 0.45 : 1, cursor: refused ? 'not-allowed' : 'grab' }}
                    >
                      <Group gap={6} wrap="nowrap">
                        <BlockIcon icon={block.icon} connector={block.connector} size={22} />
                        <Text size="xs" truncate="end">
                          {block.title}
                          {block.kind === 'trigger' && (
                            <Text span size="xs" c="dimmed">
                              {' '}
                              · trigger
                            </Text>
                          )}
                        </Text>
                      </Group>
                    </UnstyledButton>
                  </Tooltip>
                );
              })}
            </Stack>
          ))}
        </Stack>
      </ScrollArea>
    </Stack>
  );
}
