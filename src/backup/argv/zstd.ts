/** Arguments for zstd compressing standard input to standard output. */
export function buildZstdCompressArgs(options: { level: number; threads: number }): readonly string[] {
  return [`-${options.level}`, `-T${options.threads}`, '-q', '-c'];
}

/** Arguments for zstd decompressing standard input to standard output (it checks the frame checksums). */
export function buildZstdDecompressArgs(): readonly string[] {
  return ['-d', '-q', '-c'];
}
