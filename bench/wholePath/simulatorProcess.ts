import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SIMULATOR_CLI = fileURLToPath(new URL('../../electron/simulator/cli.ts', import.meta.url));

export interface SimulatorProcess {
  url: string;
  child: ChildProcess;
  close(): Promise<void>;
}

/**
 * The simulator in its own process, as a CommServe is another machine: it serialises while the app parses, and
 * neither one's garbage or memory counts against the other.
 */
export async function startSimulatorProcess(jobs: number): Promise<SimulatorProcess> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      SIMULATOR_CLI,
      '--port',
      '0',
      '--seed',
      '1',
      '--groups',
      '20',
      '--vms',
      '10',
      '--jobs',
      String(jobs),
      '--running',
      '0',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening: (\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the simulator exited (${code}): ${out}`)));
  });
  return {
    url,
    child,
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill();
      }),
  };
}

/** A token from the simulator, for requests sent straight to it (the floor). */
export async function signIn(url: string): Promise<string> {
  const response = await fetch(`${url}/Login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ username: 'demo', password: Buffer.from('demo').toString('base64') }),
  });
  return ((await response.json()) as { token: string }).token;
}
