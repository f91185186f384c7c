// @vitest-environment jsdom
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { renderWithMantine } from '@/testing/render-with-mantine';

import { flattenPaths } from '../lib/expressions';
import { DataPicker, type DataSource } from './data-picker';
import { ExpressionPreview } from './expression-preview';

const sources: DataSource[] = [
  { nodeId: 'order', title: 'Order arrives', origin: 'run', paths: flattenPaths('trigger', { body: { id: 1001 } }) },
];

afterEach(cleanup);

describe('DataPicker', () => {
  it('inserts the clicked path into the focused field', () => {
    const onInsert = vi.fn();
    renderWithMantine(<DataPicker sources={sources} target="url" onInsert={onInsert} />);
    expect(screen.getByText('last run')).toBeTruthy();
    fireEvent.click(screen.getByText('trigger.body.id'));
    expect(onInsert).toHaveBeenCalledWith('trigger.body.id');
  });

  it('asks for a field first when none has focus', () => {
    const onInsert = vi.fn();
    renderWithMantine(<DataPicker sources={sources} target={null} onInsert={onInsert} />);
    fireEvent.click(screen.getByText('trigger.body.id'));
    expect(onInsert).not.toHaveBeenCalled();
    expect(screen.getByText(/Click into a form field first/)).toBeTruthy();
  });
});

describe('ExpressionPreview', () => {
  it('highlights expressions and shows what they give against the data', () => {
    renderWithMantine(
      <ExpressionPreview
        config={{ url: 'https://erp/{{ trigger.body.id }}', method: 'POST' }}
        expressionFields={[]}
        scope={{ trigger: { body: { id: 1001 } } }}
      />,
    );
    expect(screen.getByText('{{ trigger.body.id }}').tagName).toBe('MARK');
    expect(screen.getByTestId('expression-result').textContent).toBe('→ "https://erp/1001"');
    expect(screen.queryByText('method')).toBeNull();
  });
});
