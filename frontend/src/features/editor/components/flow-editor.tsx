import { Alert, Box, Group, Paper, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { useShallow } from 'zustand/react/shallow';

import { PageLoader } from '@/components/page-loader';
import { QueryErrorAlert } from '@/components/query-error-alert';
import { WebhookUrl } from '@/components/webhook-url';
import { ApiError } from '@/lib/api-client';
import { statusColor } from '@/lib/run-status';

import { useActivateFlow } from '../api/activate-flow';
import { useDeactivateFlow } from '../api/deactivate-flow';
import { useBlocks } from '../api/get-blocks';
import { useFlow } from '../api/get-flow';
import { useRotateWebhookToken } from '../api/rotate-webhook-token';
import { useRunFlow } from '../api/run-flow';
import { useSaveFlow } from '../api/save-flow';
import { validateFlow } from '../api/validate-flow';
import { EditorContext, type EditorContextValue } from '../hooks/editor-context';
import { useEditorShortcuts } from '../hooks/use-editor-shortcuts';
import { useRunStatus } from '../hooks/use-run-status';
import { canvasToDocument, edgeId, emptyDocument } from '../lib/document';
import { mapErrors } from '../lib/error-pointers';
import { useCanvasStore } from '../store/canvas-store';
import type { BlockManifest, FieldError, FlowDetail, FlowDocument } from '../types';
import { BlockPalette } from './block-palette';
import { EditorCanvas } from './editor-canvas';
import { EditorToolbar } from './editor-toolbar';
import { FlowErrors } from './flow-errors';
import { FlowImport } from './flow-import';
import { NodePanel } from './node-panel';
import { RotateWebhookModal } from './rotate-webhook-modal';
import { TestRunModal } from './test-run-modal';
import { UnsavedChangesPrompt } from './unsaved-changes-prompt';
import { VersionsDrawer } from './versions-drawer';

const NEW = 'new';
const VALIDATE_AFTER_MS = 600;
/** Where click-to-add puts a node: to the right of the selected one. */
const ADD_AFTER_DX = 280;

function currentDocument(): FlowDocument {
  return canvasToDocument(useCanvasStore.getState());
}

function download(document: FlowDocument) {
  const slug = document.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'flow';
  const url = URL.createObjectURL(new Blob([JSON.stringify(document, null, 2)], { type: 'application/json' }));
  const link = window.document.createElement('a');
  link.href = url;
  link.download = `${slug}.json`;
  link.click();
  URL.revokeObjectURL(url);
}

/** Errors an action (save, activate, run) got back, valid until the next edit. */
interface ActionErrors {
  revision: number;
  document: FlowDocument;
  errors: FieldError[];
  message: string | null;
}

function Editor({ flowId, flow }: { flowId: string | null; flow: FlowDetail | undefined }) {
  const navigate = useNavigate();
  const blocksQuery = useBlocks();
  const blocks = useMemo(() => blocksQuery.data ?? new Map<string, BlockManifest>(), [blocksQuery.data]);
  // Narrow subscriptions: dragging a node must not re-render the palette and toolbar.
  const selectedIds = useCanvasStore(useShallow((s) => s.nodes.filter((n) => n.selected).map((n) => n.id)));
  const triggerBlock = useCanvasStore(
    (s) => s.nodes.find((n) => blocksQuery.data?.get(n.data.doc.block)?.kind === 'trigger')?.data.doc.block,
  );
  const revision = useCanvasStore((s) => s.revision);
  const savedRevision = useCanvasStore((s) => s.savedRevision);
  const flowKey = useCanvasStore((s) => s.flowKey);
  const { screenToFlowPosition } = useReactFlow();
  const saveFlow = useSaveFlow();
  const activate = useActivateFlow();
  const deactivate = useDeactivateFlow();
  const rotate = useRotateWebhookToken();
  const runFlow = useRunFlow();
  const { run, steps } = useRunStatus(flowId);
  const [actionErrors, setActionErrors] = useState<ActionErrors | null>(null);
  const [testOpened, testRun] = useDisclosure(false);
  const [versionsOpened, versions] = useDisclosure(false);
  const [rotateOpened, rotateConfirm] = useDisclosure(false);

  const validation = useQuery({
    queryKey: ['flows', 'validate', flowKey, revision],
    queryFn: async ({ signal }) => {
      // Wait for a pause in editing; a newer revision aborts this one through the signal.
      await new Promise((resolve) => setTimeout(resolve, VALIDATE_AFTER_MS));
      signal.throwIfAborted();
      const document = currentDocument();
      return { document, errors: (await validateFlow({ document, signal })).errors };
    },
    enabled: flowKey !== null && blocksQuery.isSuccess,
    placeholderData: (previous) => previous,
    staleTime: Infinity,
    gcTime: 5_000,
    retry: false,
  });

  const shown = actionErrors?.revision === revision ? actionErrors : validation.data;
  const errors = useMemo(
    () => mapErrors(shown?.errors ?? [], shown?.document ?? { nodes: [], edges: [] }, edgeId),
    [shown],
  );
  const context = useMemo<EditorContextValue>(() => ({ blocks, steps, errors }), [blocks, steps, errors]);
  const selectedId = selectedIds.length === 1 ? selectedIds[0] : undefined;
  const paletteBlocks = useMemo(() => [...blocks.values()], [blocks]);
  const dirty = revision !== savedRevision || flowId === null;

  const save = useCallback(async (): Promise<FlowDetail | null> => {
    const document = currentDocument();
    const at = useCanvasStore.getState().revision;
    try {
      const saved = await saveFlow.mutateAsync({ flowId, document });
      setActionErrors({ revision: at, document, errors: saved.errors, message: null });
      if (flowId) {
        useCanvasStore.getState().markSaved(at);
      } else {
        useCanvasStore.getState().markCreated(at, saved.id);
        void navigate(`/flows/${saved.id}/edit`, { replace: true });
      }
      return saved;
    } catch (error) {
      setActionErrors({
        revision: at,
        document,
        errors: error instanceof ApiError ? error.errors : [],
        message: error instanceof Error ? error.message : String(error),
      });
      return null;
    }
  }, [flowId, navigate, saveFlow]);

  useEditorShortcuts(() => void save());

  const addBlock = useCallback(
    (block: string, position: { x: number; y: number }, after?: string) => {
      useCanvasStore.getState().addBlock(block, position, after);
    },
    [],
  );

  const addAfterSelection = (block: string) => {
    const anchor = useCanvasStore.getState().nodes.find((n) => n.id === selectedId);
    if (anchor) {
      const isTrigger = blocks.get(block)?.kind === 'trigger';
      addBlock(block, { x: anchor.position.x + ADD_AFTER_DX, y: anchor.position.y }, isTrigger ? undefined : anchor.id);
      return;
    }
    const centre = screenToFlowPosition({ x: window.innerWidth / 2, y: window.innerHeight / 2 });
    addBlock(block, centre);
  };

  const toggleActive = async (on: boolean) => {
    let id = flowId;
    if (on && dirty) id = (await save())?.id ?? null;
    if (!id) return;
    const document = currentDocument();
    (on ? activate : deactivate).mutate(
      { flowId: id },
      {
        onError: (error) => {
          setActionErrors({
            revision: useCanvasStore.getState().revision,
            document,
            errors: error instanceof ApiError ? error.errors : [],
            message: error.message,
          });
        },
      },
    );
  };

  const startTestRun = async (payload: unknown) => {
    const saved = dirty ? await save() : flow;
    if (!saved) throw new Error('Save the flow first.');
    try {
      await runFlow.mutateAsync({ flowId: saved.id, payload });
    } catch (error) {
      if (error instanceof ApiError) {
        setActionErrors({ revision: useCanvasStore.getState().revision, document: currentDocument(), errors: error.errors, message: error.message });
      }
      throw error;
    }
  };

  const triggerManifest = triggerBlock ? blocks.get(triggerBlock) : undefined;
  const sample = triggerManifest?.key === 'core.webhook' ? (triggerManifest.sample as { body?: unknown } | null)?.body : triggerManifest?.sample;
  const valid = validation.data !== undefined && validation.data.errors.length === 0 && !validation.isPlaceholderData;

  if (blocksQuery.isPending) return <PageLoader />;
  if (blocksQuery.isError) return <QueryErrorAlert error={blocksQuery.error} title="Could not load the blocks" />;

  return (
    <EditorContext.Provider value={context}>
      <Stack gap="xs" h="100%">
        <EditorToolbar
          version={flow?.version ?? null}
          active={flow?.active ?? false}
          dirty={dirty}
          saved={flowId !== null}
          saving={saveFlow.isPending}
          toggling={activate.isPending || deactivate.isPending}
          canActivate={valid || dirty}
          importButton={
            <FlowImport
              onImported={(imported) => {
                void navigate(`/flows/${imported.id}/edit`);
              }}
            />
          }
          onSave={() => void save()}
          onToggleActive={(on) => void toggleActive(on)}
          onTestRun={testRun.open}
          onExport={() => {
            download(currentDocument());
          }}
          onVersions={versions.open}
          onDuplicate={() => {
            const document = currentDocument();
            saveFlow.mutate(
              { flowId: null, document: { ...document, name: `${document.name} (copy)` } },
              { onSuccess: (copy) => void navigate(`/flows/${copy.id}/edit`) },
            );
          }}
          onRotateWebhook={() => {
            rotate.reset();
            rotateConfirm.open();
          }}
        />
        {(flow?.webhook_url || run) && (
          <Group gap="md" wrap="nowrap">
            {flow?.webhook_url && (
              <Group gap={6} wrap="nowrap" data-testid="webhook-url" data-url={flow.webhook_url}>
                <Text size="xs" c="dimmed">
                  Webhook URL{flow.active ? '' : ' (active only when the flow is on)'}:
                </Text>
                <WebhookUrl url={flow.webhook_url} />
              </Group>
            )}
            {run && (
              <Text size="xs" c="dimmed" data-testid="last-run" data-status={run.status}>
                Last run{run.is_test ? ' (test)' : ''}:{' '}
                <Text span c={statusColor(run.status)} fw={600} size="xs">
                  {run.status}
                </Text>
              </Text>
            )}
          </Group>
        )}
        {actionErrors?.message && actionErrors.revision === revision && (
          <Alert color="red" p="xs" role="alert" data-testid="action-error" withCloseButton onClose={() => { setActionErrors(null); }}>
            {actionErrors.message}
          </Alert>
        )}
        <FlowErrors errors={errors} total={shown?.errors.length ?? 0} />
        <Group gap="xs" wrap="nowrap" align="stretch" style={{ flex: 1, minHeight: 0 }}>
          <Paper withBorder p="xs" w={220} style={{ flexShrink: 0 }}>
            <BlockPalette blocks={paletteBlocks} hasTrigger={triggerBlock !== undefined} onAdd={addAfterSelection} />
          </Paper>
          <Paper withBorder style={{ flex: 1, minWidth: 0, overflow: 'hidden' }}>
            <EditorCanvas onAddBlock={addBlock} />
          </Paper>
          {selectedId && (
            <Paper withBorder p="xs" w={340} style={{ flexShrink: 0 }}>
              <NodePanel key={selectedId} nodeId={selectedId} />
            </Paper>
          )}
        </Group>
      </Stack>
      <UnsavedChangesPrompt />
      <RotateWebhookModal
        opened={rotateOpened}
        active={flow?.active ?? false}
        pending={rotate.isPending}
        error={rotate.error}
        onClose={rotateConfirm.close}
        onConfirm={() => {
          if (flowId) rotate.mutate({ flowId }, { onSuccess: rotateConfirm.close });
        }}
      />
      {testOpened && <TestRunModal opened onClose={testRun.close} sample={sample} onRun={startTestRun} running={runFlow.isPending || saveFlow.isPending} />}
      {flowId && (
        <VersionsDrawer
          flowId={flowId}
          current={flow?.version ?? null}
          opened={versionsOpened}
          onClose={versions.close}
          onRestore={(document) => {
            useCanvasStore.getState().replace(document);
            void save();
          }}
        />
      )}
    </EditorContext.Provider>
  );
}

/**
 * The flow editor for an existing flow (`flowId`) or a new one (null): palette, canvas, node
 * panel, and the actions around them.
 */
export function FlowEditor({ flowId }: { flowId: string | null }) {
  const flowQuery = useFlow(flowId ?? undefined);
  const flowKey = useCanvasStore((s) => s.flowKey);
  const createdId = useCanvasStore((s) => s.createdId);
  const wanted = flowId ?? NEW;
  const adopting = flowKey === NEW && flowId !== null && createdId === flowId;

  // Put the flow on the canvas when another flow is opened; after the first save of a new flow
  // the store already holds it (and its undo history), so it is not reloaded.
  useEffect(() => {
    const store = useCanvasStore.getState();
    if (store.flowKey === wanted) return;
    if (store.flowKey === NEW && flowId !== null && store.createdId === flowId) store.adopt(flowId);
    else if (flowId === null) store.load(emptyDocument(), NEW);
    else if (flowQuery.data) store.load(flowQuery.data.document ?? emptyDocument(flowQuery.data.name), flowId);
  }, [wanted, flowId, flowQuery.data]);

  useEffect(
    () => () => {
      useCanvasStore.getState().unload();
    },
    [],
  );

  if (flowQuery.isError) return <QueryErrorAlert error={flowQuery.error} title="Could not load the flow" />;
  if (flowKey !== wanted && !adopting) return <PageLoader />;
  return (
    <Box h="100%">
      <ReactFlowProvider>
        <Editor flowId={flowId} flow={flowQuery.data} />
      </ReactFlowProvider>
    </Box>
  );
}
