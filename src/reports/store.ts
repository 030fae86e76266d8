/**
 * What the reports need from storage, as a small port: running number sequences and the rows of
 * the document archive. The reports hold no database client; `src/storage/document-repository.ts`
 * implements this port with Prisma, and the service or the CLI hands it in.
 */

/** Whether an archived document is the draft for checking or the final, numbered one. */
export type ArchivedDocumentStatus = 'draft' | 'final';

/** One row of the document archive. */
export interface ArchivedDocumentRow {
  id: string;
  kind: string;
  number: string | null;
  instanceId: string | null;
  path: string;
  sha256: string;
  status: ArchivedDocumentStatus;
  /** For a draft replaced by a later draft or by the final document: that document's id. */
  supersededById: string | null;
  createdAt: Date;
}

export interface NewArchivedDocument {
  kind: string;
  number: string | null;
  instanceId: string | null;
  path: string;
  sha256: string;
  status: ArchivedDocumentStatus;
  createdAt: Date;
}

/** The key of a number sequence: per organisation, document kind and year. */
export interface SequenceKey {
  organisationId: string;
  kind: string;
  year: number;
}

export interface DocumentStore {
  /** Takes the next value of a sequence (1 for a new one); atomic, so no value is given twice. */
  nextSequence(key: SequenceKey): Promise<number>;
  /** Whether a document of this kind already carries this number (in any run). */
  hasNumber(kind: string, number: string): Promise<boolean>;
  /** The archive row of a file, if it was recorded. */
  findByFile(path: string, sha256: string): Promise<ArchivedDocumentRow | undefined>;
  /** Records an archived file. */
  record(document: NewArchivedDocument): Promise<ArchivedDocumentRow>;
  /**
   * Marks every earlier, not yet superseded document of this run and kind other than `byId`
   * (drafts, or the final of an earlier round) as superseded by `byId`; returns how many.
   */
  supersede(instanceId: string, kind: string, byId: string): Promise<number>;
  /** The run's documents, oldest first. */
  list(instanceId: string): Promise<ArchivedDocumentRow[]>;
  /** The run's newest document of a kind, the newest final one with `status: 'final'`. */
  latest(instanceId: string, kind: string, options?: { status?: ArchivedDocumentStatus }): Promise<ArchivedDocumentRow | undefined>;
}
