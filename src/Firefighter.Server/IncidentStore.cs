using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Firefighter.Server;

/// <summary>The durable queue of accepted alerts and the incidents they became, in one SQLite file (WAL journal, synchronous=FULL).</summary>
/// <remarks>Thread-safe: each call opens a pooled connection; writes that read-then-write run in <c>BEGIN IMMEDIATE</c> transactions.
/// An alert is committed before its 202 is sent, so a crash after the answer loses nothing; claimed jobs of a crashed process go back to
/// pending at start. Statuses follow detected → acknowledged → investigating → identified → mitigated → resolved.</remarks>
public sealed class IncidentStore
{
    /// <summary>Incident statuses in their usual order.</summary>
    public static readonly string[] Statuses = ["detected", "acknowledged", "investigating", "identified", "mitigated", "resolved"];

    private readonly string _connectionString;
    private readonly TimeProvider _time;

    /// <summary>Opens (and creates or migrates) the database at <paramref name="path"/>.</summary>
    public IncidentStore(string path, TimeProvider time)
    {
        _time = time;
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true, DefaultTimeout = 30 }.ToString();
        using var c = Open();
        Exec(c, """
            PRAGMA journal_mode=WAL;
            CREATE TABLE IF NOT EXISTS jobs (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              group_key TEXT NOT NULL,
              signature TEXT NOT NULL,
              payload TEXT NOT NULL,
              kind TEXT NOT NULL DEFAULT 'alert',
              incident_id INTEGER,
              state TEXT NOT NULL DEFAULT 'pending',
              attempts INTEGER NOT NULL DEFAULT 0,
              error TEXT,
              received_at TEXT NOT NULL,
              claimed_at TEXT,
              done_at TEXT);
            CREATE INDEX IF NOT EXISTS jobs_state ON jobs(state, id);
            CREATE INDEX IF NOT EXISTS jobs_group ON jobs(group_key, state);
            CREATE TABLE IF NOT EXISTS incidents (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              group_key TEXT NOT NULL,
              signature TEXT NOT NULL,
              status TEXT NOT NULL,
              title TEXT NOT NULL,
              severity TEXT NOT NULL DEFAULT '',
              service TEXT,
              top_cause TEXT,
              top_signature TEXT,
              confidence REAL,
              payload TEXT NOT NULL,
              bundle_path TEXT,
              report_json TEXT,
              report_md TEXT,
              report_html TEXT,
              investigations INTEGER NOT NULL DEFAULT 0,
              created_at TEXT NOT NULL,
              updated_at TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS incidents_group ON incidents(group_key, status);
            CREATE TABLE IF NOT EXISTS timeline (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              incident_id INTEGER NOT NULL REFERENCES incidents(id),
              at TEXT NOT NULL,
              who TEXT NOT NULL,
              kind TEXT NOT NULL,
              text TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS timeline_incident ON timeline(incident_id, id);
            """);
    }

    /// <summary>Stores an accepted alert. A pending job of the same group takes the newer payload instead of queueing a second one; a
    /// resend of what the group's open incident was last investigated for (same alerts, same status) only notes it on the timeline.</summary>
    /// <param name="groupKey">Alertmanager's group key.</param>
    /// <param name="signature">The group's state: status and sorted fingerprints with their startsAt.</param>
    /// <param name="payload">The webhook body as received.</param>
    public (long? Job, long? Incident, bool Deduplicated) Enqueue(string groupKey, string signature, string payload)
    {
        using var c = Open();
        using var tx = c.BeginTransaction(deferred: false);
        var result = EnqueueIn(c, tx, groupKey, signature, payload);
        tx.Commit();
        return result;
    }

    /// <summary>As <see cref="Enqueue"/>, for many alerts in one transaction (one fsync): the group commit of concurrent posts.</summary>
    public IReadOnlyList<(long? Job, long? Incident, bool Deduplicated)> EnqueueMany(IReadOnlyList<(string GroupKey, string Signature, string Payload)> alerts)
    {
        using var c = Open();
        using var tx = c.BeginTransaction(deferred: false);
        var results = alerts.Select(a => EnqueueIn(c, tx, a.GroupKey, a.Signature, a.Payload)).ToList();
        tx.Commit();
        return results;
    }

    private (long? Job, long? Incident, bool Deduplicated) EnqueueIn(SqliteConnection c, SqliteTransaction tx, string groupKey, string signature, string payload)
    {
        var now = Now();
        var pending = Scalar<long?>(c, tx, "SELECT id FROM jobs WHERE group_key=$g AND state='pending' AND kind='alert' ORDER BY id LIMIT 1", ("$g", groupKey));
        if (pending is { } id)
        {
            Exec(c, tx, "UPDATE jobs SET payload=$p, signature=$s, received_at=$t WHERE id=$id", ("$p", payload), ("$s", signature), ("$t", now), ("$id", id));
            return (id, null, true);
        }
        var open = OpenIncident(c, tx, groupKey);
        if (open is { } incident && Scalar<string>(c, tx, "SELECT signature FROM incidents WHERE id=$id", ("$id", incident)) == signature)
        {
            AddEvent(c, tx, incident, "alertmanager", "renotified", "Alertmanager sent the group again with no change");
            return (null, incident, true);
        }
        var job = Scalar<long>(c, tx, "INSERT INTO jobs(group_key, signature, payload, received_at) VALUES($g,$s,$p,$t) RETURNING id",
            ("$g", groupKey), ("$s", signature), ("$p", payload), ("$t", now));
        return (job, open, false);
    }

    /// <summary>Queues a new investigation of an incident with its last payload; null when there is no such incident.</summary>
    public long? Reinvestigate(long incident, string who)
    {
        using var c = Open();
        using var tx = c.BeginTransaction(deferred: false);
        var row = Row(c, tx, "SELECT group_key, signature, payload FROM incidents WHERE id=$id", ("$id", incident));
        if (row is null)
        {
            return null;
        }
        var job = Scalar<long>(c, tx, "INSERT INTO jobs(group_key, signature, payload, kind, incident_id, received_at) VALUES($g,$s,$p,'reinvestigate',$i,$t) RETURNING id",
            ("$g", row[0]), ("$s", row[1]), ("$p", row[2]), ("$i", incident), ("$t", Now()));
        AddEvent(c, tx, incident, who, "reinvestigate", "re-investigation requested");
        tx.Commit();
        return job;
    }

    /// <summary>A claimed job.</summary>
    public sealed record Job(long Id, string GroupKey, string Signature, string Payload, string Kind, long? IncidentId, int Attempts);

    /// <summary>Claims the oldest pending job, or null when there is none.</summary>
    public Job? Claim()
    {
        using var c = Open();
        using var tx = c.BeginTransaction(deferred: false);
        var row = Row(c, tx, """
            UPDATE jobs SET state='claimed', claimed_at=$t, attempts=attempts+1
            WHERE id=(SELECT id FROM jobs WHERE state='pending' ORDER BY id LIMIT 1)
            RETURNING id, group_key, signature, payload, kind, incident_id, attempts
            """, ("$t", Now()));
        tx.Commit();
        return row is null ? null : new Job((long)row[0]!, (string)row[1]!, (string)row[2]!, (string)row[3]!, (string)row[4]!, row[5] as long?, (int)(long)row[6]!);
    }

    /// <summary>Returns jobs a stopped process had claimed to the queue (run once at start, before workers).</summary>
    public int RecoverClaimed()
    {
        using var c = Open();
        return Exec(c, "UPDATE jobs SET state='pending' WHERE state='claimed'");
    }

    /// <summary>What an investigation produced.</summary>
    public sealed record Outcome(string Title, string Severity, string? Service, string? TopCause, string? TopSignature, double? Confidence,
        string? BundlePath, string ReportJson, string ReportMarkdown, string ReportHtml, string Status);

    /// <summary>Stores the outcome of a job: updates the group's open incident (or the re-investigated one), else opens one; marks the job done.</summary>
    /// <returns>The incident id and whether it was opened now.</returns>
    public (long Incident, bool Opened) Complete(Job job, Outcome outcome, string alertStatus)
    {
        var now = Now();
        using var c = Open();
        using var tx = c.BeginTransaction(deferred: false);
        var incident = job.IncidentId ?? OpenIncident(c, tx, job.GroupKey);
        var opened = incident is null;
        if (incident is null)
        {
            incident = Scalar<long>(c, tx, """
                INSERT INTO incidents(group_key, signature, status, title, severity, service, top_cause, top_signature, confidence, payload, bundle_path,
                  report_json, report_md, report_html, investigations, created_at, updated_at)
                VALUES($g,$sig,$st,$ti,$sev,$svc,$tc,$ts,$conf,$p,$b,$rj,$rm,$rh,1,$now,$now) RETURNING id
                """, ("$g", job.GroupKey), ("$sig", job.Signature), ("$st", outcome.Status), ("$ti", outcome.Title), ("$sev", outcome.Severity),
                ("$svc", outcome.Service), ("$tc", outcome.TopCause), ("$ts", outcome.TopSignature), ("$conf", outcome.Confidence), ("$p", job.Payload),
                ("$b", outcome.BundlePath), ("$rj", outcome.ReportJson), ("$rm", outcome.ReportMarkdown), ("$rh", outcome.ReportHtml), ("$now", now));
            AddEvent(c, tx, incident.Value, "alertmanager", "detected", "alert group received: " + job.GroupKey);
            AddEvent(c, tx, incident.Value, "ff", "investigated", outcome.TopCause is null ? "investigated: no cause identified" : "top cause: " + outcome.TopCause);
        }
        else
        {
            var current = Scalar<string>(c, tx, "SELECT status FROM incidents WHERE id=$id", ("$id", incident));
            // A person's status (acknowledged, mitigated...) stands; only the automatic ones follow the new evidence.
            var status = current is "detected" or "investigating" or "identified" ? outcome.Status : current!;
            Exec(c, tx, """
                UPDATE incidents SET signature=$sig, status=$st, title=$ti, severity=$sev, service=$svc, top_cause=$tc, top_signature=$ts, confidence=$conf,
                  payload=$p, bundle_path=$b, report_json=$rj, report_md=$rm, report_html=$rh, investigations=investigations+1, updated_at=$now WHERE id=$id
                """, ("$sig", job.Signature), ("$st", status), ("$ti", outcome.Title), ("$sev", outcome.Severity), ("$svc", outcome.Service), ("$tc", outcome.TopCause),
                ("$ts", outcome.TopSignature), ("$conf", outcome.Confidence), ("$p", job.Payload), ("$b", outcome.BundlePath), ("$rj", outcome.ReportJson),
                ("$rm", outcome.ReportMarkdown), ("$rh", outcome.ReportHtml), ("$now", now), ("$id", incident));
            AddEvent(c, tx, incident.Value, "ff", "investigated", (job.Kind == "reinvestigate" ? "re-investigated" : "the group fired again; re-investigated")
                + (outcome.TopCause is null ? ": no cause identified" : ": top cause: " + outcome.TopCause));
        }
        if (alertStatus == "resolved")
        {
            Exec(c, tx, "UPDATE incidents SET status='resolved', updated_at=$now WHERE id=$id", ("$now", now), ("$id", incident));
            AddEvent(c, tx, incident.Value, "alertmanager", "status", "resolved: Alertmanager reports the group resolved");
        }
        Exec(c, tx, "UPDATE jobs SET state='done', done_at=$now, incident_id=$i, error=NULL WHERE id=$id", ("$now", now), ("$i", incident), ("$id", job.Id));
        tx.Commit();
        return (incident.Value, opened);
    }

    /// <summary>Records a failed attempt: back to pending while attempts remain, else failed (listed by <see cref="FailedJobs"/>, never dropped).</summary>
    public bool Fail(Job job, string error, int maxAttempts)
    {
        using var c = Open();
        var final = job.Attempts >= maxAttempts;
        Exec(c, "UPDATE jobs SET state=$s, error=$e WHERE id=$id", ("$s", final ? "failed" : "pending"), ("$e", error), ("$id", job.Id));
        return final;
    }

    /// <summary>Jobs that failed every attempt.</summary>
    public IReadOnlyList<FailedJob> FailedJobs()
    {
        using var c = Open();
        return Rows(c, "SELECT id, group_key, attempts, error, received_at FROM jobs WHERE state='failed' ORDER BY id")
            .Select(r => new FailedJob((long)r[0]!, (string)r[1]!, (int)(long)r[2]!, r[3] as string, Time(r[4]))).ToList();
    }

    /// <summary>Jobs waiting or being investigated.</summary>
    public long QueueDepth()
    {
        using var c = Open();
        return Scalar<long>(c, null, "SELECT count(*) FROM jobs WHERE state IN ('pending','claimed')");
    }

    /// <summary>Incidents, newest first, optionally of one status or matching a text in title, cause or service.</summary>
    public IReadOnlyList<IncidentSummary> List(string? status = null, string? search = null, int limit = 100)
    {
        using var c = Open();
        return Rows(c, $"""
            SELECT {SummaryColumns} FROM incidents
            WHERE ($st IS NULL OR status=$st) AND ($q IS NULL OR title LIKE $q OR top_cause LIKE $q OR service LIKE $q)
            ORDER BY id DESC LIMIT $n
            """, ("$st", status), ("$q", search is null ? null : "%" + search + "%"), ("$n", Math.Clamp(limit, 1, 1000))).Select(Summary).ToList();
    }

    /// <summary>One incident with its timeline and report; null when unknown.</summary>
    public (IncidentSummary Summary, string? BundlePath, IReadOnlyList<IncidentEvent> Timeline, string? ReportJson, string? ReportMarkdown, string? ReportHtml)? Get(long id)
    {
        using var c = Open();
        var row = Row(c, null, $"SELECT {SummaryColumns}, bundle_path, report_json, report_md, report_html FROM incidents WHERE id=$id", ("$id", id));
        if (row is null)
        {
            return null;
        }
        var timeline = Rows(c, "SELECT at, who, kind, text FROM timeline WHERE incident_id=$id ORDER BY id", ("$id", id))
            .Select(r => new IncidentEvent(Time(r[0]), (string)r[1]!, (string)r[2]!, (string)r[3]!)).ToList();
        return (Summary(row), row[12] as string, timeline, row[13] as string, row[14] as string, row[15] as string);
    }

    /// <summary>Sets an incident's status, recording who and when; false when the incident is unknown.</summary>
    public bool SetStatus(long id, string status, string who, string? note)
    {
        var now = Now();
        using var c = Open();
        using var tx = c.BeginTransaction(deferred: false);
        if (Exec(c, tx, "UPDATE incidents SET status=$s, updated_at=$now WHERE id=$id", ("$s", status), ("$now", now), ("$id", id)) == 0)
        {
            return false;
        }
        AddEvent(c, tx, id, who, "status", status + (string.IsNullOrWhiteSpace(note) ? "" : ": " + note));
        tx.Commit();
        return true;
    }

    /// <summary>Adds a note to an incident's timeline.</summary>
    public bool AddNote(long id, string who, string text)
    {
        using var c = Open();
        using var tx = c.BeginTransaction(deferred: false);
        if (Scalar<long?>(c, tx, "SELECT id FROM incidents WHERE id=$id", ("$id", id)) is null)
        {
            return false;
        }
        AddEvent(c, tx, id, who, "note", text);
        tx.Commit();
        return true;
    }

    /// <summary>Whether the database answers (readiness).</summary>
    public bool Ping()
    {
        try
        {
            using var c = Open();
            return Scalar<long>(c, null, "SELECT 1") == 1;
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    private const string SummaryColumns = "id, group_key, status, title, severity, service, top_cause, top_signature, confidence, created_at, updated_at, investigations";

    private static IncidentSummary Summary(object?[] r) =>
        new((long)r[0]!, (string)r[1]!, (string)r[2]!, (string)r[3]!, (string)r[4]!, r[5] as string, r[6] as string, r[7] as string, r[8] as double?,
            Time(r[9]), Time(r[10]), (int)(long)r[11]!);

    private static long? OpenIncident(SqliteConnection c, SqliteTransaction tx, string groupKey) =>
        Scalar<long?>(c, tx, "SELECT id FROM incidents WHERE group_key=$g AND status<>'resolved' ORDER BY id DESC LIMIT 1", ("$g", groupKey));

    private void AddEvent(SqliteConnection c, SqliteTransaction tx, long incident, string who, string kind, string text) =>
        Exec(c, tx, "INSERT INTO timeline(incident_id, at, who, kind, text) VALUES($i,$t,$w,$k,$x)", ("$i", incident), ("$t", Now()), ("$w", who), ("$k", kind), ("$x", text));

    private string Now() => _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);

    private static DateTimeOffset Time(object? v) => DateTimeOffset.Parse((string)v!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private SqliteConnection Open()
    {
        var c = new SqliteConnection(_connectionString);
        c.Open();
        Exec(c, "PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000; PRAGMA foreign_keys=ON;");
        return c;
    }

    private static int Exec(SqliteConnection c, string sql, params (string, object?)[] args) => Exec(c, null, sql, args);

    private static int Exec(SqliteConnection c, SqliteTransaction? tx, string sql, params (string, object?)[] args)
    {
        using var cmd = Command(c, tx, sql, args);
        return cmd.ExecuteNonQuery();
    }

    private static T Scalar<T>(SqliteConnection c, SqliteTransaction? tx, string sql, params (string, object?)[] args)
    {
        using var cmd = Command(c, tx, sql, args);
        var v = cmd.ExecuteScalar();
        if (v is null or DBNull)
        {
            return default!;
        }
        var target = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        return (T)Convert.ChangeType(v, target, CultureInfo.InvariantCulture);
    }

    private static object?[]? Row(SqliteConnection c, SqliteTransaction? tx, string sql, params (string, object?)[] args) =>
        Rows(c, tx, sql, args).FirstOrDefault();

    private static List<object?[]> Rows(SqliteConnection c, string sql, params (string, object?)[] args) => Rows(c, null, sql, args);

    private static List<object?[]> Rows(SqliteConnection c, SqliteTransaction? tx, string sql, params (string, object?)[] args)
    {
        using var cmd = Command(c, tx, sql, args);
        using var reader = cmd.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }
            rows.Add(row);
        }
        return rows;
    }

    private static SqliteCommand Command(SqliteConnection c, SqliteTransaction? tx, string sql, (string, object?)[] args)
    {
        var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        foreach (var (name, value) in args)
        {
            cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        return cmd;
    }
}
