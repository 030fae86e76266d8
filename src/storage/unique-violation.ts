/** True for a unique-constraint violation, on either provider. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  const message = String((error as Error | null)?.message ?? '');
  return code === 'P2002' || /unique constraint/i.test(message);
}
