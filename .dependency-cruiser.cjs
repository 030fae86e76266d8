// The layer rules of /work/shared/ARCHITECTURE.md ("who may import whom; arrows point inward
// only"), checked by dependency-cruiser: `npm run lint`, .ci/run, and test/architecture/layers.test.ts.
// Every rule is an error. Type-only imports count too: a layer that names another layer's types
// depends on it just the same.
//
// Layers: src/workflow (pure core) ← src/storage (the only Prisma user) ← src/service
// (orchestration, ports) ← src/bots (adapters) ← src/cli, src/main.ts, src/app.ts (composition).
// src/backup (executor) and src/reports (PDF) are builders the service or a worker calls; they are
// handed what they need and reach no database. src/log (the logger) may be imported by all.
//
// npm paths are matched as `(^|/)node_modules/…` so the rules also hold for the test's fixture
// tree outside the project.

/** Composition roots: nothing inside a layer may import them. */
const composition = '^src/(cli/|main\\.ts$|app\\.ts$)';
/** Node built-ins that do I/O; the pure core uses none of them. */
const ioBuiltins = '^(fs|fs/promises|net|child_process|http|https|http2|tls|dgram|dns|dns/promises|worker_threads|cluster)$';
const npm = ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-bundled', 'npm-no-pkg', 'npm-unknown'];

/** @type {import('dependency-cruiser').IConfiguration['forbidden']} */
const forbidden = [
  {
    name: 'workflow-imports-no-outer-layer',
    comment: 'src/workflow is the pure core: SOPs as data and transition(). It imports no layer that does I/O or talks to a platform.',
    severity: 'error',
    from: { path: '^src/workflow/' },
    to: { path: ['^src/(storage|service|bots|backup|reports|generated)/', composition] },
  },
  {
    name: 'workflow-does-no-io',
    comment: 'The engine does no I/O: no file system, network or processes.',
    severity: 'error',
    from: { path: '^src/workflow/', pathNot: '^src/workflow/builtin/index\\.ts$' },
    to: { dependencyTypes: ['core'], path: ioBuiltins },
  },
  {
    name: 'workflow-builtin-reads-files-only',
    comment: 'src/workflow/builtin/index.ts reads the YAML files of the built-in SOPs shipped beside it (readFileSync); that is all the I/O it may do.',
    severity: 'error',
    from: { path: '^src/workflow/builtin/index\\.ts$' },
    to: { dependencyTypes: ['core'], path: ioBuiltins, pathNot: '^fs$' },
  },
  {
    name: 'workflow-npm-only-zod-and-yaml',
    comment: 'The core depends on zod (the definition schema), yaml (SOPs are written in YAML) and the two pure cron libraries (croner computes fire times, node-cron validates expressions), nothing else from npm.',
    severity: 'error',
    from: { path: '^src/workflow/' },
    to: { dependencyTypes: npm, pathNot: '(^|/)node_modules/(zod|yaml|croner|node-cron)/' },
  },
  {
    name: 'service-imports-no-adapter',
    comment: 'src/service declares the Notifier and JobQueue ports; the adapters in src/bots implement them. The service never imports an adapter or a composition root.',
    severity: 'error',
    from: { path: '^src/service/' },
    to: { path: ['^src/bots/', composition] },
  },
  {
    name: 'telegraf-only-in-bots-telegram',
    comment: 'Platform code stays in src/bots/<platform>: telegraf only in src/bots/telegram.',
    severity: 'error',
    from: { pathNot: '^src/bots/telegram/' },
    to: { path: '(^|/)node_modules/(telegraf|@telegraf)/' },
  },
  {
    name: 'slack-only-in-bots-slack',
    comment: 'Platform code stays in src/bots/<platform>: @slack/* only in src/bots/slack.',
    severity: 'error',
    from: { pathNot: '^src/bots/slack/' },
    to: { path: '(^|/)node_modules/@slack/' },
  },
  {
    name: 'bots-go-through-the-service',
    comment: 'A chat adapter reaches data only through the service: no repository, no Prisma client.',
    severity: 'error',
    from: { path: '^src/bots/' },
    to: { path: '^src/(storage|generated)/' },
  },
  {
    name: 'executor-and-reports-are-handed-their-data',
    comment: 'src/backup and src/reports receive what they need (no database client inside); the service or a worker calls them.',
    severity: 'error',
    from: { path: '^src/(backup|reports)/' },
    to: { path: ['^src/(storage|service|bots|generated)/', composition, '(^|/)node_modules/@prisma/'] },
  },
  {
    name: 'storage-owns-prisma',
    comment: 'src/storage is the only place that touches Prisma, its generated clients and the database drivers.',
    severity: 'error',
    from: { path: '^src/', pathNot: '^src/(storage|generated)/' },
    to: { path: ['^src/generated/', '(^|/)node_modules/(@prisma/|prisma/|pg/|pg-pool/)'] },
  },
  {
    name: 'storage-owns-better-sqlite3',
    // src/backup is the exception: kinds/sqlite.ts backs up, and restore.ts restores, a SQLite
    // database that is a backup *target* (the online-backup API of better-sqlite3). That is
    // executor work on the institution's data, not Cadang's own database.
    comment: 'better-sqlite3 opens Cadang\'s own database only in src/storage; src/backup may use it on SQLite backup targets.',
    severity: 'error',
    from: { path: '^src/', pathNot: '^src/(storage|generated|backup)/' },
    to: { path: '(^|/)node_modules/better-sqlite3/' },
  },
  {
    name: 'storage-imports-no-outer-layer',
    comment: 'Repositories serve the service; they import no service, adapter or composition root.',
    severity: 'error',
    from: { path: '^src/storage/' },
    to: { path: ['^src/(service|bots)/', composition] },
  },
  {
    name: 'log-imports-no-layer',
    comment: 'Every layer may import the logger (src/log), so it imports nothing from the project, or it would drag a layer along.',
    severity: 'error',
    from: { path: '^src/log/' },
    to: { path: '^src/', pathNot: '^src/log/' },
  },
];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden,
  options: {
    // The generated Prisma clients are large and import only Prisma's runtime: check who imports
    // them, do not walk them.
    doNotFollow: { path: ['node_modules', '^src/generated/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], mainFields: ['module', 'main', 'types', 'typings'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
