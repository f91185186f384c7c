import { ActionIcon, Alert, Code, Group, NumberInput, ScrollArea, Select, Stack, Tabs, Text, TextInput, Tooltip } from '@mantine/core';
import { useMemo, useRef, useState, type SyntheticEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';

import { useEditorContext } from '../hooks/editor-context';
import { flattenPaths } from '../lib/expressions';
import { nodePorts, upstreamOf } from '../lib/graph';
import { configPathFor, insertPath, type Caret } from '../lib/insert-path';
import { useCanvasStore } from '../store/canvas-store';
import type { OnError } from '../types';
import { BlockIcon } from './block-icon';
import { ConfigForm } from './config-form';
import { CredentialPicker } from './credential-picker';
import { DataPicker, type DataSource } from './data-picker';
import { ExpressionPreview } from './expression-preview';
import { StepResult } from './step-result';

const ON_ERROR: { value: OnError; label: string }[] = [
  { value: 'fail', label: 'Fail the run' },
  { value: 'continue', label: 'Record it and continue' },
  { value: 'port', label: 'Route through the “error” port' },
];

/** The selected node's settings: config form, credential, error handling, data and last run. */
export function NodePanel({ nodeId }: { nodeId: string }) {
  // Data objects keep their identity while nodes move, so dragging does not re-render the panel.
  const data = useCanvasStore((s) => s.nodes.find((n) => n.id === nodeId)?.data);
  const nodeIds = useCanvasStore(useShallow((s) => s.nodes.map((n) => n.id)));
  const nodeData = useCanvasStore(useShallow((s) => s.nodes.map((n) => n.data)));
  const edges = useCanvasStore((s) => s.edges);
  const updateNode = useCanvasStore((s) => s.updateNode);
  const setOnError = useCanvasStore((s) => s.setOnError);
  const deleteSelected = useCanvasStore((s) => s.deleteSelected);
  const { blocks, steps, errors } = useEditorContext();
  /** The value the data picker inserts into, as a path (`headers.X-Shop`); null before a focus. */
  const [focused, setFocused] = useState<string | null>(null);
  const caret = useRef<Caret | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const manifest = data ? blocks.get(data.doc.block) : undefined;
  const nodeErrors = errors.nodes[nodeId];

  const sources = useMemo<DataSource[]>(() => {
    const ids = upstreamOf(edges, nodeId);
    return ids.flatMap((id) => {
      const upstream = nodeData[nodeIds.indexOf(id)];
      if (!upstream) return [];
      const block = blocks.get(upstream.doc.block);
      const step = steps.get(id);
      const value = step?.output ?? block?.sample ?? null;
      const root = block?.kind === 'trigger' ? 'trigger' : `steps.${id}`;
      return [{ nodeId: id, title: upstream.doc.title || block?.title || id, origin: step ? 'run' : 'sample', paths: flattenPaths(root, value) }];
    });
  }, [edges, nodeIds, nodeData, nodeId, blocks, steps]);

  const scope = useMemo(() => {
    const scoped: { trigger: unknown; steps: Record<string, unknown>; run: Record<string, unknown> } = {
      trigger: null,
      steps: {},
      run: { id: 'test-run' },
    };
    for (const source of sources) {
      const value = source.paths[0]?.value;
      if (source.paths[0]?.path === 'trigger') scoped.trigger = value;
      scoped.steps[source.nodeId] = value;
    }
    return scoped;
  }, [sources]);

  if (!data) return null;
  const doc = data.doc;
  const config = doc.config ?? {};
  const expressionFields = manifest?.expression_fields ?? [];

  const idPrefix = `node_${nodeId}`;

  // Where the cursor is in the form: the data picker inserts there, into the value that input
  // edits (a header's value, the text of a JSON body), not over the whole top-level field.
  const trackCaret = (event: SyntheticEvent) => {
    const input = event.target;
    if (!(input instanceof HTMLInputElement || input instanceof HTMLTextAreaElement) || !manifest) return;
    let start: number | null = null;
    let end: number | null = null;
    try {
      start = input.selectionStart;
      end = input.selectionEnd;
    } catch {
      // Some input types (number, email) have no selection.
    }
    caret.current = { elementId: input.id, text: input.value, start, end };
    if (event.type === 'focus') {
      const target = configPathFor(input.id, idPrefix, config, manifest.config_schema);
      if (target) setFocused(target.join('.'));
    }
  };

  const insert = (path: string) => {
    if (!caret.current || !manifest) return;
    const result = insertPath({ config, schema: manifest.config_schema, expressionFields, idPrefix, caret: caret.current, path });
    if (!result) return;
    caret.current = result.caret;
    updateNode(nodeId, { config: result.config });
  };

  return (
    <Stack gap="xs" h="100%" data-testid="node-panel">
      <Group gap="xs" wrap="nowrap">
        <BlockIcon icon={manifest?.icon} connector={manifest?.connector ?? ''} />
        <Stack gap={0} style={{ flex: 1, minWidth: 0 }}>
          <Text fw={600} size="sm" truncate="end">
            {manifest?.title ?? doc.block}
          </Text>
          <Text size="xs" c="dimmed">
            id <Code>{nodeId}</Code> · reads as <Code>{manifest?.kind === 'trigger' ? 'trigger' : `steps.${nodeId}`}</Code>
          </Text>
        </Stack>
        <Tooltip label="Delete node (Delete)">
          <ActionIcon variant="subtle" color="red" aria-label="Delete node" onClick={deleteSelected}>
            <svg width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden>
              <path d="M3 6h18M8 6V4h8v2M19 6l-1 14H6L5 6" />
            </svg>
          </ActionIcon>
        </Tooltip>
      </Group>
      {manifest?.description && (
        <Text size="xs" c="dimmed">
          {manifest.description}
        </Text>
      )}
      {/* Hidden tabs stay mounted and live: the form must take an insert from the Data tab (an
          Activity-hidden form would skip rjsf's update and show the old value). */}
      <Tabs defaultValue="settings" keepMountedMode="display-none" style={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' }}>
        <Tabs.List>
          <Tabs.Tab value="settings">Settings</Tabs.Tab>
          <Tabs.Tab value="data">Data</Tabs.Tab>
          <Tabs.Tab value="run" color={steps.get(nodeId) ? undefined : 'gray'}>
            Last run
          </Tabs.Tab>
        </Tabs.List>
        <ScrollArea style={{ flex: 1 }} type="auto" offsetScrollbars pt="xs">
          <Tabs.Panel value="settings">
            <Stack gap="sm">
              <TextInput
                label="Title"
                placeholder={manifest?.title ?? nodeId}
                value={doc.title ?? ''}
                onChange={(e) => {
                  const title = e.currentTarget.value;
                  updateNode(nodeId, { title: title || undefined });
                }}
              />
              {manifest && Object.keys(manifest.config_schema.properties ?? {}).length > 0 && (
                <div
                  onFocusCapture={trackCaret}
                  onBlurCapture={trackCaret}
                  onSelectCapture={trackCaret}
                  onKeyUpCapture={trackCaret}
                  onMouseUpCapture={trackCaret}
                >
                  <ConfigForm
                    schema={manifest.config_schema}
                    expressionFields={expressionFields}
                    value={config}
                    errors={nodeErrors?.config}
                    idPrefix={idPrefix}
                    onChange={(next) => {
                      updateNode(nodeId, { config: next });
                    }}
                  />
                </div>
              )}
              <ExpressionPreview config={config} expressionFields={expressionFields} scope={scope} />
              {manifest?.credential && (
                <CredentialPicker
                  connector={manifest.credential_kinds ?? manifest.credential}
                  value={doc.credential}
                  error={nodeErrors?.fields.credential?.join('; ')}
                  onChange={(credential) => {
                    updateNode(nodeId, { credential });
                  }}
                />
              )}
              {manifest?.kind === 'action' && (
                <Group grow align="flex-start">
                  <NumberInput
                    label="Tries"
                    description="Counting the first"
                    min={1}
                    max={25}
                    value={doc.retry?.max_attempts ?? 1}
                    error={nodeErrors?.fields.retry?.join('; ')}
                    onChange={(value) => {
                      const attempts = typeof value === 'number' ? value : 1;
                      updateNode(nodeId, { retry: attempts > 1 ? { ...doc.retry, max_attempts: attempts } : undefined });
                    }}
                  />
                  <Select
                    label="On failure"
                    description="After the last try"
                    data={ON_ERROR}
                    value={doc.on_error ?? 'fail'}
                    error={nodeErrors?.fields.on_error?.join('; ')}
                    allowDeselect={false}
                    onChange={(value) => {
                      const onError = value === 'fail' ? undefined : (value as OnError);
                      // Edges from a port the node no longer shows would be saved unseen and
                      // refused on activation: they go with the port, in the same undo step.
                      const removed = setOnError(nodeId, onError, nodePorts(manifest.ports, onError));
                      setNotice(
                        removed > 0
                          ? `Removed ${removed} ${removed === 1 ? 'connection' : 'connections'} from the “error” port. Undo (Ctrl+Z) brings ${removed === 1 ? 'it' : 'them'} back.`
                          : null,
                      );
                    }}
                  />
                </Group>
              )}
              {notice && (
                <Alert
                  color="yellow"
                  p="xs"
                  role="status"
                  data-testid="node-panel-notice"
                  withCloseButton
                  onClose={() => {
                    setNotice(null);
                  }}
                >
                  <Text size="xs">{notice}</Text>
                </Alert>
              )}
            </Stack>
          </Tabs.Panel>
          <Tabs.Panel value="data">
            <DataPicker sources={sources} target={focused} onInsert={insert} />
          </Tabs.Panel>
          <Tabs.Panel value="run">
            <StepResult step={steps.get(nodeId)} />
          </Tabs.Panel>
        </ScrollArea>
      </Tabs>
    </Stack>
  );
}
