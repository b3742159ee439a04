/** The environment variable a token can be given in, instead of the one the app keeps in the keychain. */
export const TOKEN_ENV = 'DRJS_TOKEN';

export const EXPORT_HELP = `Usage: dr-job-stats export --report operations|vm-runs|phases|findings|critical-path|forecast|groups --out FILE.csv
       dr-job-stats export --report evidence --out FILE.html|FILE.pdf [--paper A4|Letter]
         (--connection NAME [--job-id N] [--group-id N] [--replication-id N] [--client-id N] [--save-run FILE.drrun.json]
          | --from-run FILE.drrun.json)
         [--range all|24h|7d|30d|90d|365d | --from YYYY-MM-DD --to YYYY-MM-DD]
         [--status succeeded,failed,running,unknown] [--type TYPE,...] [--rto RESULT,...] [--groups ID,...]
         [--vm NAME|ID] [--search TEXT]
         [--delimiter comma|semicolon|tab] [--no-bom] [--utc] [--data-dir DIR [--init]]

--report findings writes one row per finding of the scope (a failed or over-target recovery, a test signed off as
failed, a deviation), with the job that opened it and the job (or accepted risk) that closed it.
--report groups writes one row per DR group: its status, last and last successful test, overdue, RTO and RPO
targets, worst replication lag, readiness (read from the CommServe when the file is written), next test, coverage,
test boots not cleaned up and test clones left (docs/evidence.md, "Readiness between tests").

--report evidence writes the DR test evidence report of the scope, as the app prints it: one self-contained HTML
file (styles inside, no script), or a PDF where the installed app can print it.

--report critical-path writes, for every recovery with an RTO, the segments that decided it (phases, waits for
approval, priority intervals, queueing), adding up to its RTO; --report forecast the P50 and P90 of each DR group's
next RTO per recovery type, from that group's past recoveries only, with the back-test of the forecast.

--data-dir is the app's data folder (the app's own by default); one that does not exist is an error unless
--init is given. Each flag may be given once.

--out writes what it names: a file (replaced atomically), the target of a symbolic link, a FIFO or a device
(written into), or "-" for standard output (the summary line then goes to standard error).

Signs in with the token the app keeps in the keychain for that connection ("Stay signed in"), or with a token
in the ${TOKEN_ENV} environment variable. Passwords are never taken on the command line.

The four ids are the JobStats filters, as on the Jobs form: the CommServe is asked for them, and its answer is
taken as it comes (a job of another group it returns is kept, as in the app). The scope flags are the app's scope:

Scope, as in the app: the report holds only the operations that match, and says which ("Finance Tier 1 ·
last 30 days · 51 of 300 operations") in its summary line, in the file and in a saved run. JobStats has no time
filter, so the range is applied after fetching: --range counts back from the fetch time; --from/--to are whole
days in the report's time zone (local, or UTC with --utc), both included. --type takes test-boot,
planned-failover, unplanned-failover, point-in-time-failover, failback, undo-failover, revert-failover,
reverse-replication, unknown. --rto keeps the operations with those RTO results, judged at the fetch time against
each group's target: within, over (target), not-recovered, live-breach (running past the target), unconfirmed;
"--rto over,not-recovered,live-breach" gives the breaches. --groups keeps only those DR groups (ids), as the scope
bar's picker. --vm matches a VM name (or part of it), a client id or a replication id.
Operation types come from the CommServe's job summaries (GET Job/{id}); where it has none they are inferred from
the phases, and the operations report says which.

Exit codes: 0 done, 2 wrong usage, 3 not signed in or session expired, 4 CommServe or network error,
5 a file could not be read or written, 1 anything else.
`;
