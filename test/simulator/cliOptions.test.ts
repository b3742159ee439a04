import { describe, expect, it } from 'vitest';
import { simulatorCommand } from '../../electron/simulator/cliOptions.js';

const options = (argv: string[]) => {
  const parsed = simulatorCommand(argv);
  if (parsed.kind !== 'start') throw new Error(`expected options, got ${JSON.stringify(parsed)}`);
  return parsed.options;
};

describe('npm run simulator options', () => {
  it('--speed 0 stops the clock, as the help says; a fraction slows it; the default is real time', () => {
    expect(options(['--speed', '0']).speed).toBe(0);
    expect(options(['--speed', '0.5']).speed).toBe(0.5);
    expect(options([]).speed).toBe(1);
  });

  it('refuses a speed that is not a number of at least 0, instead of running at 1', () => {
    expect(simulatorCommand(['--speed=-1'])).toEqual({
      kind: 'error',
      message: '--speed must be a number of at least 0 (0 stops the clock; got "-1")',
    });
    expect(simulatorCommand(['--speed', 'fast'])).toMatchObject({ kind: 'error' });
  });

  it('says the help text for --help, and how to clear a fault', () => {
    const help = simulatorCommand(['--help']);
    expect(help).toMatchObject({ kind: 'help' });
    expect(help.kind === 'help' && help.text).toMatch(/--speed N .*0 stops the clock/);
    expect(help.kind === 'help' && help.text).toMatch(/-X DELETE .*\/__sim\/faults/);
  });
});
