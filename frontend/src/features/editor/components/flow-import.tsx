import { Button, Code, FileButton, List, Modal, Text } from '@mantine/core';
import { useWindowEvent } from '@mantine/hooks';
import { useState } from 'react';

import { ApiError } from '@/lib/api-client';

import { useImportFlow } from '../api/import-flow';
import type { FieldError, FlowDetail } from '../types';

interface FlowImportProps {
  onImported: (flow: FlowDetail) => void;
}

interface ImportFailure {
  message: string;
  errors: FieldError[];
}

/**
 * Import a flow document: pick a .json file, or drop one anywhere on the page. A refused file
 * shows every error the server found, by JSON pointer.
 */
export function FlowImport({ onImported }: FlowImportProps) {
  const importFlow = useImportFlow();
  const [failure, setFailure] = useState<ImportFailure | null>(null);

  const importFile = async (file: File | null) => {
    if (!file) return;
    let document: unknown;
    try {
      document = JSON.parse(await file.text());
    } catch (error) {
      setFailure({ message: `${file.name} is not JSON: ${error instanceof Error ? error.message : String(error)}`, errors: [] });
      return;
    }
    importFlow.mutate(
      { document },
      {
        onSuccess: onImported,
        onError: (error) => {
          setFailure({ message: error.message, errors: error instanceof ApiError ? error.errors : [] });
        },
      },
    );
  };

  // A file dragged onto the page (not a palette block, which carries no files).
  useWindowEvent('dragover', (event) => {
    if (event.dataTransfer?.types.includes('Files')) event.preventDefault();
  });
  useWindowEvent('drop', (event) => {
    const file = event.dataTransfer?.files[0];
    if (!file) return;
    event.preventDefault();
    void importFile(file);
  });

  return (
    <>
      <FileButton onChange={(file) => void importFile(file)} accept="application/json,.json">
        {(props) => (
          <Button {...props} variant="default" size="xs" loading={importFlow.isPending}>
            Import
          </Button>
        )}
      </FileButton>
      <Modal
        opened={failure !== null}
        onClose={() => {
          setFailure(null);
        }}
        title="The flow could not be imported"
        size="lg"
      >
        <div role="alert" data-testid="import-errors">
          <Text size="sm" mb="sm">
            {failure?.message}
          </Text>
          {failure && failure.errors.length > 0 && (
            <List size="sm" spacing={4}>
              {failure.errors.map((error, index) => (
                <List.Item key={index}>
                  <Code>{error.pointer || '/'}</Code> {error.message}
                </List.Item>
              ))}
            </List>
          )}
        </div>
      </Modal>
    </>
  );
}
