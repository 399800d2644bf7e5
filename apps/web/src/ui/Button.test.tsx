import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { Button } from './Button';

describe('Button', () => {
  it('is a plain button unless told to submit, with its variant as a class', async () => {
    const onSubmit = vi.fn((e: Event) => e.preventDefault());
    render(<form onSubmit={(e) => onSubmit(e.nativeEvent)}><Button variant="secondary">Cancel</Button><Button type="submit">Save</Button></form>);
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByRole('button', { name: 'Cancel' }).className).toBe('secondary');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(onSubmit).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('button', { name: 'Save' }).getAttribute('class')).toBeNull();
  });

  it('is disabled and says so while busy', async () => {
    const onClick = vi.fn();
    render(<Button variant="danger" busy busyLabel="Revoking…" onClick={onClick}>Revoke</Button>);
    const button = screen.getByRole('button', { name: 'Revoking…' });
    expect(button).toHaveProperty('disabled', true);
    expect(button.getAttribute('aria-busy')).toBe('true');
    expect(button.className).toBe('danger');
    await userEvent.click(button);
    expect(onClick).not.toHaveBeenCalled();
  });
});
