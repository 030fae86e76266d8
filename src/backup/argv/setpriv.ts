/**
 * `setpriv` (util-linux) arguments that make the program that follows die with SIGKILL when its
 * parent dies: tools started by Cadang never outlive it. setpriv execs the program in place.
 */
export function buildDeathSignalArgs(): readonly string[] {
  return ['--pdeathsig', 'SIGKILL', '--'];
}
