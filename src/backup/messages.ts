import { defineMessages } from '../i18n/messages.js';

/** Every sentence the backup executor shows to users: job outcomes, CLI output, doctor. */
export const backupMessages = defineMessages(
  {
    toolMissing: (tool: string, pkg: string) => `Program ${tool} tidak ditemukan di server ini. Pasang paket Debian "${pkg}" lalu ulangi.`,
    secretUnavailable: (target: string, detail: string) => `Kata sandi untuk target ${target} tidak dapat dibaca: ${detail}.`,
    secretEnvMissing: (name: string) => `variabel lingkungan ${name} tidak diisi`,
    secretFileMode: (file: string, mode: string) => `berkas ${file} harus hanya dapat dibaca pemiliknya (0600), sekarang ${mode}`,
    secretFileMissing: (file: string) => `berkas ${file} tidak ada atau tidak dapat dibaca`,
    authFailed: (target: string) => `Login ke sumber data ${target} ditolak: nama pengguna atau kata sandi salah.`,
    hostUnreachable: (target: string) => `Server sumber data ${target} tidak dapat dihubungi.`,
    sourceMissing: (target: string) => `Data sumber untuk target ${target} tidak ditemukan (folder, berkas atau database tidak ada).`,
    sourceUnreadable: (target: string) => `Sebagian data target ${target} tidak dapat dibaca (izin akses ditolak).`,
    diskFull: (where: string) => `Ruang penyimpanan di ${where} habis saat menulis salinan. Salinan yang belum selesai sudah dihapus.`,
    mediumRemoved: (label: string) => `Media penyimpanan ${label} terlepas saat penulisan. Salinan yang belum selesai tidak dipakai.`,
    targetBusy: (target: string) => `Backup target ${target} sedang berjalan; tunggu sampai selesai.`,
    timeout: (target: string, seconds: number) => `Proses backup ${target} tidak bergerak selama ${seconds} detik dan dihentikan.`,
    verifyFailed: (target: string, detail: string) => `Verifikasi salinan ${target} gagal: ${detail}.`,
    mirrorDeleteLimit: (target: string, limit: number) => `Mirroring ${target} dihentikan: akan menghapus lebih dari ${limit} berkas. Periksa sumbernya atau naikkan batas maxDelete.`,
    toolFailed: (tool: string, target: string) => `Program ${tool} gagal saat memproses ${target}.`,
    cancelled: (target: string) => `Backup ${target} dibatalkan.`,
    mediumAbsent: (label: string, mountPoint: string) => `Media penyimpanan ${label} tidak terpasang di ${mountPoint} (berkas label tidak ditemukan).`,
    notEnoughRoom: (where: string, required: string, available: string) => `Ruang di ${where} tidak cukup: diperlukan sekitar ${required}, tersedia ${available}.`,
    succeeded: (target: string, size: string, where: string) => `Backup ${target} selesai: ${size} tersimpan di ${where} dan sudah diverifikasi.`,
    internalFolder: () => 'folder backup internal',
    unknownTarget: (name: string) => `Target "${name}" tidak terdaftar di Daftar Backup.`,
    unknownDestination: (name: string) => `Tujuan "${name}" tidak dikenal; gunakan "internal" atau label media yang terdaftar.`,
    phase: (phase: string) => ({ estimate: 'menghitung ukuran', dump: 'mengambil data', compress: 'memampatkan', write: 'menulis', verify: 'memverifikasi' })[phase] ?? phase,
    eta: (seconds: number) => `sisa ${formatSeconds(seconds)}`,
    // CLI
    targetsHeader: () => 'NAMA\tJENIS\tLOKASI\tTUJUAN\tJADWAL',
    thisHost: () => 'server ini',
    noTargets: () => 'Belum ada target di Daftar Backup.',
    verifyOk: (file: string) => `BAIK   ${file}`,
    verifyBad: (file: string, detail: string) => `RUSAK  ${file}: ${detail}`,
    verifySummary: (ok: number, bad: number) => `${ok} salinan baik, ${bad} rusak.`,
    checksumMismatch: () => 'checksum SHA-256 tidak sama dengan manifest',
    sizeMismatch: () => 'ukuran berkas tidak sama dengan manifest',
    copyMissing: () => 'berkas salinan tidak ada',
    manifestMissing: (file: string) => `Manifest untuk ${file} tidak ditemukan; ini bukan salinan Cadang yang lengkap.`,
    restoreRefused: (to: string) => `${to} sudah ada dan berisi data; tambahkan --overwrite bila memang ingin menimpanya.`,
    restoreDone: (copy: string, to: string) => `Salinan ${copy} dipulihkan ke ${to}.`,
    restoreNeedsTarget: (target: string) => `Target ${target} tidak lagi terdaftar; pemulihan database memerlukan koneksinya.`,
    testRestoreOk: (tables: number) => `Uji pemulihan berhasil: ${tables} tabel, jumlah baris sama dengan sumber saat backup.`,
    testRestoreFilesOk: (files: number) => `Uji pemulihan berhasil: ${files} berkas sama dengan sumber.`,
    testRestoreBad: (detail: string) => `Uji pemulihan gagal: ${detail}`,
    retentionKeep: (file: string, reasons: string) => `SIMPAN ${file} (${reasons})`,
    retentionRemove: (file: string) => `HAPUS  ${file}`,
    retentionDryRun: (count: number) => `Uji coba: ${count} salinan akan dihapus; tidak ada yang dihapus.`,
    retentionApplied: (count: number) => `${count} salinan dihapus.`,
    doctorToolOk: (tool: string, version: string) => `ada     ${tool}: ${version}`,
    doctorToolMissing: (tool: string, pkg: string) => `TIDAK ADA ${tool}: pasang paket Debian "${pkg}"`,
    doctorReachable: (target: string) => `terjangkau  ${target}`,
    doctorUnreachable: (target: string, detail: string) => `TIDAK TERJANGKAU ${target}: ${detail}`,
    mediumMounted: (label: string, free: string) => `media ${label}: terpasang, ruang kosong ${free}`,
    mediumNotMounted: (label: string) => `media ${label}: tidak terpasang`,
  },
  {
    toolMissing: (tool, pkg) => `The program ${tool} is not installed on this server. Install the Debian package "${pkg}" and try again.`,
    secretUnavailable: (target, detail) => `The password for target ${target} cannot be read: ${detail}.`,
    secretEnvMissing: (name) => `environment variable ${name} is not set`,
    secretFileMode: (file, mode) => `file ${file} must be readable by its owner only (0600), it is ${mode}`,
    secretFileMissing: (file) => `file ${file} does not exist or cannot be read`,
    authFailed: (target) => `Login to the data source of ${target} was refused: wrong user name or password.`,
    hostUnreachable: (target) => `The server holding ${target} cannot be reached.`,
    sourceMissing: (target) => `The source data of target ${target} was not found (folder, file or database missing).`,
    sourceUnreadable: (target) => `Part of the data of target ${target} cannot be read (permission denied).`,
    diskFull: (where) => `The storage at ${where} ran out of space while writing the copy. The unfinished copy was removed.`,
    mediumRemoved: (label) => `Storage medium ${label} was removed while writing. The unfinished copy is not used.`,
    targetBusy: (target) => `A backup of ${target} is already running; wait until it finishes.`,
    timeout: (target, seconds) => `The backup of ${target} made no progress for ${seconds} seconds and was stopped.`,
    verifyFailed: (target, detail) => `Verification of the copy of ${target} failed: ${detail}.`,
    mirrorDeleteLimit: (target, limit) => `Mirroring ${target} stopped: it would delete more than ${limit} files. Check the source or raise maxDelete.`,
    toolFailed: (tool, target) => `The program ${tool} failed while processing ${target}.`,
    cancelled: (target) => `The backup of ${target} was cancelled.`,
    mediumAbsent: (label, mountPoint) => `Storage medium ${label} is not mounted at ${mountPoint} (label file not found).`,
    notEnoughRoom: (where, required, available) => `Not enough room on ${where}: about ${required} needed, ${available} available.`,
    succeeded: (target, size, where) => `Backup of ${target} finished: ${size} stored on ${where} and verified.`,
    internalFolder: () => 'the internal backup folder',
    unknownTarget: (name) => `Target "${name}" is not in the backup list.`,
    unknownDestination: (name) => `Unknown destination "${name}"; use "internal" or a registered medium label.`,
    phase: (phase) => ({ estimate: 'measuring', dump: 'dumping', compress: 'compressing', write: 'writing', verify: 'verifying' })[phase] ?? phase,
    eta: (seconds) => `${formatSeconds(seconds)} left`,
    targetsHeader: () => 'NAME\tKIND\tWHERE\tDESTINATIONS\tSCHEDULE',
    thisHost: () => 'this host',
    noTargets: () => 'The backup list has no targets yet.',
    verifyOk: (file) => `OK     ${file}`,
    verifyBad: (file, detail) => `BAD    ${file}: ${detail}`,
    verifySummary: (ok, bad) => `${ok} copies good, ${bad} bad.`,
    checksumMismatch: () => 'SHA-256 checksum differs from the manifest',
    sizeMismatch: () => 'file size differs from the manifest',
    copyMissing: () => 'the copy file is missing',
    manifestMissing: (file) => `No manifest found for ${file}; it is not a complete Cadang copy.`,
    restoreRefused: (to) => `${to} already exists and holds data; add --overwrite if you really want to replace it.`,
    restoreDone: (copy, to) => `Copy ${copy} restored to ${to}.`,
    restoreNeedsTarget: (target) => `Target ${target} is no longer registered; restoring a database needs its connection.`,
    testRestoreOk: (tables) => `Test restore succeeded: ${tables} tables, row counts equal to the source at backup time.`,
    testRestoreFilesOk: (files) => `Test restore succeeded: ${files} files equal to the source.`,
    testRestoreBad: (detail) => `Test restore failed: ${detail}`,
    retentionKeep: (file, reasons) => `KEEP   ${file} (${reasons})`,
    retentionRemove: (file) => `REMOVE ${file}`,
    retentionDryRun: (count) => `Dry run: ${count} copies would be removed; nothing was removed.`,
    retentionApplied: (count) => `${count} copies removed.`,
    doctorToolOk: (tool, version) => `present ${tool}: ${version}`,
    doctorToolMissing: (tool, pkg) => `MISSING ${tool}: install the Debian package "${pkg}"`,
    doctorReachable: (target) => `reachable   ${target}`,
    doctorUnreachable: (target, detail) => `UNREACHABLE ${target}: ${detail}`,
    mediumMounted: (label, free) => `medium ${label}: mounted, ${free} free`,
    mediumNotMounted: (label) => `medium ${label}: not mounted`,
  },
);

export type BackupMessages = ReturnType<typeof backupMessages>;

/** Human-readable size with binary units (1.5 GiB); numbers stay in digits for any locale. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

function formatSeconds(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${String(rest).padStart(2, '0')}` : `${m}:${String(rest).padStart(2, '0')}`;
}
