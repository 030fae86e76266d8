import type { SshHost } from '../config.js';

/** Quotes one argument for the remote POSIX shell that sshd always runs commands through. */
export function quoteForRemoteShell(arg: string): string {
  return /^[A-Za-z0-9_./=:@%+,-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** ssh options that never prompt, pin the host key and use only the configured key. */
export function buildSshOptionArgs(host: SshHost): readonly string[] {
  return [
    '-o', 'BatchMode=yes',
    '-o', 'StrictHostKeyChecking=yes',
    '-o', `UserKnownHostsFile=${host.knownHostsFile}`,
    '-o', 'IdentitiesOnly=yes',
    '-o', `ConnectTimeout=${host.connectTimeoutSeconds}`,
    '-o', 'ServerAliveInterval=15',
    '-o', 'ServerAliveCountMax=4',
    '-i', host.identityFile,
    '-p', String(host.port),
    '-l', host.user,
  ];
}

/**
 * ssh arguments that run `program args…` on `host`, streaming its standard input and output.
 * `prelude` is a fixed shell fragment (never user data) run before it, such as reading a
 * password from standard input into the environment.
 */
export function buildSshArgs(host: SshHost, program: string, args: readonly string[], prelude?: string): readonly string[] {
  const command = [program, ...args].map(quoteForRemoteShell).join(' ');
  return [...buildSshOptionArgs(host), '-T', '-e', 'none', host.address, prelude === undefined ? command : `${prelude} exec ${command}`];
}
