-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ArchivedDocument" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "number" TEXT,
    "instanceId" TEXT,
    "path" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'final',
    "supersededById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO "new_ArchivedDocument" ("createdAt", "id", "instanceId", "kind", "number", "path", "sha256") SELECT "createdAt", "id", "instanceId", "kind", "number", "path", "sha256" FROM "ArchivedDocument";
DROP TABLE "ArchivedDocument";
ALTER TABLE "new_ArchivedDocument" RENAME TO "ArchivedDocument";
CREATE INDEX "ArchivedDocument_instanceId_idx" ON "ArchivedDocument"("instanceId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
