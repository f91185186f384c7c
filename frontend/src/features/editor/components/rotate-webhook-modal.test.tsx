// @vitest-environment jsdom
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { renderWithMantine } from '@/testing/render-with-mantine';

import { RotateWebhookModal } from './rotate-webhook-modal';

afterEach(cleanup);

describe('RotateWebhookModal', () => {
  it('says the current URL stops working at once, and rotates only on confirm', () => {
    const onConfirm = vi.fn();
    const onClose = vi.fn();
    renderWithMantine(<RotateWebhookModal opened active pending={false} error={null} onClose={onClose} onConfirm={onConfirm} />);
    const dialog = screen.getByTestId('rotate-webhook-confirm');
    expect(dialog.textContent).toMatch(/current webhook URL stops working at once/);
    expect(dialog.textContent).toMatch(/This flow is active/);

    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onClose).toHaveBeenCalled();
    expect(onConfirm).not.toHaveBeenCalled();

    fireEvent.click(screen.getByRole('button', { name: 'Make a new URL' }));
    expect(onConfirm).toHaveBeenCalledOnce();
  });
});
