import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';

/** A second sshd on 127.0.0.1 with its own host key and one authorised client key. */
export interface TestSshServer {
  host: { address: string; port: number; user: string; identityFile: string; knownHostsFile: string; connectTimeoutSeconds: number };
  stop(): Promise<void>;
}

export const sshdPath = '/usr/sbin/sshd';
export const hasSshd = existsSync(sshdPath) && existsSync('/usr/bin/ssh-keygen');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Starts sshd in `dir` (keys and config live there) and waits until it accepts connections. */
export async function startTestSshServer(dir: string): Promise<TestSshServer> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const hostKey = join(dir, 'host_ed25519');
  const clientKey = join(dir, 'client_ed25519');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', hostKey]);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', clientKey]);
  await writeFile(join(dir, 'authorized_keys'), await readFile(`${clientKey}.pub`), { mode: 0o600 });
  const port = await freePort();
  const hostPublic = (await readFile(`${hostKey}.pub`, 'utf8')).split(' ').slice(0, 2).join(' ');
  await writeFile(join(dir, 'known_hosts'), `[127.0.0.1]:${port} ${hostPublic}\n`);
  await writeFile(
    join(dir, 'sshd_config'),
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${hostKey}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      'StrictModes no',
      'UsePAM no',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PermitRootLogin prohibit-password',
      'LogLevel ERROR',
      // Debian's bash sources ~/.bashrc for commands run by sshd unless it is nested (SHLVL);
      // a heavy test-machine .bashrc would otherwise add seconds to every remote command.
      'SetEnv SHLVL=5',
      '',
    ].join('\n'),
  );
  if (process.getuid?.() === 0) await mkdir('/run/sshd', { recursive: true });
  const child: ChildProcess = spawn(sshdPath, ['-D', '-e', '-f', join(dir, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const host = { address: '127.0.0.1', port, user: userInfo().username, identityFile: clientKey, knownHostsFile: join(dir, 'known_hosts'), connectTimeoutSeconds: 5 };
  for (let attempt = 0; ; attempt += 1) {
    try {
      execFileSync('ssh', ['-o', 'BatchMode=yes', '-o', `UserKnownHostsFile=${host.knownHostsFile}`, '-i', clientKey, '-p', String(port), '-l', host.user, '127.0.0.1', 'true'], { stdio: 'pipe' });
      break;
    } catch (error) {
      if (attempt > 50 || child.exitCode !== null) throw new Error(`sshd did not start: ${stderr} ${String(error)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return {
    host,
    stop: async () => {
      child.kill();
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}
