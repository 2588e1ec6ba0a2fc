import type { ChildProcess } from 'node:child_process';

/**
 * Collects a `songda serve` child's output and waits for the line that says where it serves.
 * Rejects with everything it printed when it exits first or does not serve within `timeoutMs`.
 */
export async function waitUntilServing(child: ChildProcess, label: string, timeoutMs: number): Promise<{ url: string; output(): string }> {
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${label} did not start in ${timeoutMs / 1000} s:\n${output}`)), timeoutMs);
    const onData = () => {
      const match = /serving on (http:\/\/\S+?)\s/.exec(output);
      if (!match?.[1]) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      resolve(match[1]);
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${label} exited (${code ?? signal}) before serving:\n${output}`));
    });
  });
  return { url, output: () => output };
}
