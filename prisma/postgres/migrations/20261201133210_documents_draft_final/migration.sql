-- AlterTable
ALTER TABLE "ArchivedDocument" ADD COLUMN     "status" TEXT NOT NULL DEFAULT 'final',
ADD COLUMN     "supersededById" TEXT;
