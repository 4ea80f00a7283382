using System.Text.RegularExpressions;

namespace Firefighter.Logs;

/// <summary>Well-known failure phrases in log messages (out of memory, connection refused, DNS, TLS, disk full...), and the target they name.</summary>
/// <remarks>The phrases are the ones runtimes, libraries and kernels print; they are not tied to any one application. Thread-safe.</remarks>
public static partial class LogPatterns
{
    /// <summary>One pattern: its code and the regular expression that recognises it.</summary>
    public sealed record Pattern(string Code, string Description, Regex Regex);

    /// <summary>All patterns, most specific first; the first match wins.</summary>
    public static IReadOnlyList<Pattern> All { get; } =
    [
        new("oom", "out of memory", Oom()),
        new("disk_full", "disk full", DiskFull()),
        new("tls_expired", "TLS certificate expired or invalid", Tls()),
        new("dns", "DNS resolution failure", Dns()),
        new("connection_refused", "connection refused", Refused()),
        new("timeout", "timeout", Timeout()),
        new("config_missing", "missing configuration", ConfigMissing()),
        new("auth_failed", "authentication or authorization failure", Auth()),
        new("panic", "crash (panic, segfault, unhandled exception)", Panic()),
        new("http_5xx", "upstream 5xx responses", Http5xx()),
    ];

    /// <summary>The first pattern that matches the message, or null.</summary>
    public static Pattern? Match(string message)
    {
        foreach (var p in All)
        {
            if (p.Regex.IsMatch(message))
            {
                return p;
            }
        }
        return null;
    }

    /// <summary>The host:port (or host) a connection error names, when it names one.</summary>
    public static string? Target(string message) =>
        TargetRegex().Match(message) is { Success: true } m ? m.Groups["t"].Value.TrimEnd('.', ',', ')') : null;

    [GeneratedRegex(@"out of memory|OutOfMemoryError|heap limit|Cannot allocate memory|\bOOM[- ]?kill|memory cgroup out of memory|MemoryError\b", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex Oom();

    [GeneratedRegex(@"No space left on device|\bENOSPC\b|disk (is )?full|Disk quota exceeded|filesystem (is )?full", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex DiskFull();

    [GeneratedRegex(@"certificate (has )?expired|x509: certificate|CERT_HAS_EXPIRED|certificate is not yet valid|certificate verify failed|tls: (bad|expired|unknown) certificate|SSL certificate problem", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex Tls();

    [GeneratedRegex(@"no such host|NXDOMAIN|Name or service not known|Temporary failure in name resolution|could not resolve host|getaddrinfo (ENOTFOUND|EAI_AGAIN)|server misbehaving|UnknownHostException", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex Dns();

    [GeneratedRegex(@"connection refused|ECONNREFUSED|Connection reset by peer|ECONNRESET|actively refused|could not connect to server|connect: no route to host", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex Refused();

    [GeneratedRegex(@"timed? ?out\b|deadline exceeded|ETIMEDOUT|i/o timeout|Read timed out|context deadline", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex Timeout();

    [GeneratedRegex(@"missing required (env|environment|config)|environment variable \S+ (is )?(not set|required|missing)|(config|configuration) file \S* ?not found|secret \S+ not found|configmap \S+ not found|required key \S+ (not|missing)", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex ConfigMissing();

    [GeneratedRegex(@"permission denied|authentication failed|\bunauthori[sz]ed\b|\b403 Forbidden\b|AccessDenied|invalid credentials|password authentication failed", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex Auth();

    [GeneratedRegex(@"^panic:|goroutine \d+ \[running\]|Segmentation fault|SIGSEGV|Unhandled exception|Traceback \(most recent call last\)|FATAL EXCEPTION", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex Panic();

    [GeneratedRegex(@"\b(upstream|backend)\b.*\b(50[234])\b|""\s(50[0234])\s|\bstatus[=: ]+5\d\d\b|\bHTTP/\d(\.\d)?""?\s+5\d\d\b|\breturned 5\d\d\b", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex Http5xx();

    [GeneratedRegex(@"(?:dial tcp|connect to|connecting to|connection to|host|server at|upstream[:=]?|backend[:=]?|lookup)\s+""?(?<t>\[?[A-Za-z0-9_.\-:\]]+:\d{2,5}|[A-Za-z0-9_\-]+(\.[A-Za-z0-9_\-]+)+)", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex TargetRegex();
}
