import { Alert, SimpleGrid, Text } from '@mantine/core';
import { useState } from 'react';
import { useNavigate } from 'react-router';

import { PageLoader } from '@/components/page-loader';
import { QueryErrorAlert } from '@/components/query-error-alert';

import { useApplyTemplate } from '../api/apply-template';
import { useTemplates } from '../api/get-templates';
import type { UsedTemplate } from '../types';
import { CredentialsModal } from './credentials-modal';
import { TemplateCard } from './template-card';

/** Every template as a card; using one imports it as a draft, asks for credentials, opens the editor. */
export function TemplatesGallery() {
  const templatesQuery = useTemplates();
  const navigate = useNavigate();
  const [created, setCreated] = useState<UsedTemplate | null>(null);
  const openEditor = (flowId: string) => {
    void navigate(`/flows/${encodeURIComponent(flowId)}/edit`);
  };
  const apply = useApplyTemplate({
    onSuccess: (flow) => {
      if (flow.credentials_needed.length === 0) openEditor(flow.id);
      else setCreated(flow);
    },
  });

  if (templatesQuery.isPending) return <PageLoader />;
  if (templatesQuery.isError) return <QueryErrorAlert error={templatesQuery.error} title="Could not load templates" />;
  if (templatesQuery.data.length === 0) {
    return (
      <Text c="dimmed" ta="center" py="xl">
        No templates are installed.
      </Text>
    );
  }

  return (
    <>
      {apply.error && (
        <Alert color="red" role="alert" title="Could not use the template" mb="md">
          {apply.error.message}
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md" data-testid="templates-gallery">
        {templatesQuery.data.map((template) => (
          <TemplateCard
            key={template.slug}
            template={template}
            pending={apply.isPending && apply.variables.slug === template.slug}
            disabled={apply.isPending}
            onUse={() => {
              apply.mutate({ slug: template.slug });
            }}
          />
        ))}
      </SimpleGrid>
      {created && (
        <CredentialsModal
          flow={created}
          onClose={() => {
            setCreated(null);
          }}
          onDone={() => {
            openEditor(created.id);
          }}
        />
      )}
    </>
  );
}
