import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import RecoveryPointAges from '../../renderer/src/components/RecoveryPointAges.svelte';
import { operation, PLANNED, TEST_BOOT, UNDO } from '../contract/evidenceOperations';

describe('RecoveryPointAges', () => {
  it('a planned failover: each VM from its final sync to its power-on', () => {
    render(RecoveryPointAges, { operation: operation(1, PLANNED, { step: 60 }) });
    expect(screen.getByTestId('recovery-point-age')).toHaveTextContent('Recovery-point age: vm-0 1m 00s · vm-1 1m 00s');
  });

  it('a test boot: says the job data does not name the recovery point; an undo: nothing', () => {
    const { unmount } = render(RecoveryPointAges, { operation: operation(2, TEST_BOOT) });
    expect(screen.getByTestId('recovery-point-age')).toHaveTextContent(
      'the job data does not name the recovery point used (a test boot boots the last copy replicated before it)',
    );
    unmount();
    render(RecoveryPointAges, { operation: operation(3, UNDO) });
    expect(screen.queryByTestId('recovery-point-age')).toBeNull();
  });
});
