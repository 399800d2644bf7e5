import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Button } from './Button';
import { Page } from './Page';

describe('Page', () => {
  it('is the screen’s main landmark with its title as the one heading, its actions beside it, then the body', () => {
    render(<Page title="Partners" width="wide" intro="Organisations that work with the alliance." actions={<Button>Add partner</Button>}><p>Body</p></Page>);
    const main = screen.getByRole('main');
    expect(main.className).toBe('wide');
    expect(within(main).getByRole('heading', { level: 1 }).textContent).toBe('Partners');
    expect(within(main).getByRole('button', { name: 'Add partner' })).toBeTruthy();
    expect(main.textContent).toBe('PartnersAdd partnerOrganisations that work with the alliance.Body');
  });

  it('without actions, the heading comes first, with no header around it', () => {
    render(<Page title="Audit log"><p>Body</p></Page>);
    const main = screen.getByRole('main');
    expect(main.firstElementChild?.tagName).toBe('H1');
    expect(main.className).toBe('');
  });
});
