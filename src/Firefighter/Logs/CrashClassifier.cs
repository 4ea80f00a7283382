using System.Globalization;
using System.Text.RegularExpressions;

namespace Firefighter.Logs;

/// <summary>Reads why a process died from an error line (with its stack trace): the class of failure and the exact thing it names
/// (host:port, missing key, file, exception and top frame, exit code).</summary>
/// <remarks>The phrases are those runtimes, libraries and servers print (Go, Python, the JVM, Node.js, libc, PostgreSQL, MySQL...), not any
/// one application's. Classes are tried most specific first. Thread-safe.</remarks>
public static partial class CrashClassifier
{
    /// <summary>What a line says about a crash.</summary>
    /// <param name="Class">root, oom, disk_full, certificate, dns, config_missing, parse_error, permission, port_in_use, auth_failed,
    /// dependency_unreachable, panic, exception, exit.</param>
    /// <param name="Summary">A short phrase for titles ("cannot reach db:5432 (connection refused)").</param>
    /// <param name="Target">The host:port or host it names.</param>
    /// <param name="Key">The missing key, user or line number it names.</param>
    /// <param name="File">The file it names.</param>
    /// <param name="Exception">The exception type of the stack trace.</param>
    /// <param name="Frame">The top frame of the stack trace.</param>
    /// <param name="ExitCode">The exit code it states.</param>
    public sealed record Verdict(string Class, string Summary, string? Target = null, string? Key = null, string? File = null,
        string? Exception = null, string? Frame = null, int? ExitCode = null);

    /// <summary>How specific each class is: when several lines of a tail classify, the most specific one is the cause.</summary>
    public static int Rank(string cls) => cls switch
    {
        "root" or "config_missing" or "parse_error" or "certificate" or "dns" or "disk_full" or "oom" or "port_in_use" or "auth_failed" => 3,
        "permission" or "dependency_unreachable" => 2,
        "panic" or "exception" => 1,
        _ => 0,
    };

    /// <summary>Classifies an error line (and its continuation lines); null when it says nothing about why a process would die.</summary>
    public static Verdict? Classify(string text)
    {
        var first = FirstLine(text);
        Match m;
        if (Root().Match(text) is { Success: true } root)
        {
            return new Verdict("root", $"refuses to run as root ({Clip(root.Value, 90)})");
        }
        if (LogPatterns.IsOom(text))
        {
            return WithException(new Verdict("oom", "out of memory"), text);
        }
        if (DiskFull().IsMatch(text))
        {
            return WithException(new Verdict("disk_full", "no space left on device", File: PathIn(text)), text);
        }
        if (Certificate().IsMatch(text))
        {
            var target = LogPatterns.Target(text);
            return new Verdict("certificate", $"TLS certificate rejected{(target is null ? "" : $" by {target}")} ({Clip(Certificate().Match(text).Value, 60)})", Target: target);
        }
        if (Dns().IsMatch(text))
        {
            var host = (m = DnsHost().Match(text)).Success ? m.Groups["h"].Value.TrimEnd('.', ':', ',') : LogPatterns.Target(text);
            return new Verdict("dns", $"cannot resolve {host ?? "a host name"}", Target: host);
        }
        if ((m = ConfigMissing().Match(text)).Success)
        {
            var key = m.Groups["k"].Success ? m.Groups["k"].Value : null;
            var file = m.Groups["f"].Success ? m.Groups["f"].Value : null;
            return new Verdict("config_missing", key is not null ? $"missing configuration {key}" : $"configuration file {file} not found", Key: key, File: file);
        }
        if ((m = ParseError().Match(text)).Success)
        {
            var file = PathIn(text);
            var line = LineNumber().Match(text) is { Success: true } ln ? ln.Groups[1].Value : null;
            return WithException(new Verdict("parse_error", $"cannot parse {(file ?? "its configuration")}{(line is null ? "" : $" (line {line})")}: {Clip(first, 90)}", File: file, Key: line), text);
        }
        if ((m = PortInUse().Match(text)).Success)
        {
            var port = PortNumber().Match(text) is { Success: true } p ? p.Groups[1].Value : null;
            return new Verdict("port_in_use", $"port {port ?? "(its listen port)"} already in use", Target: port);
        }
        if ((m = AuthFailed().Match(text)).Success)
        {
            var user = m.Groups["u"].Success ? m.Groups["u"].Value : null;
            return new Verdict("auth_failed", $"authentication rejected{(user is null ? "" : $" for user {user}")}{(LogPatterns.Target(text) is { } t ? $" by {t}" : "")}", Target: LogPatterns.Target(text), Key: user);
        }
        if (Permission().IsMatch(text))
        {
            var path = PathIn(text);
            return WithException(new Verdict("permission", $"permission denied{(path is null ? "" : $" on {path}")}", File: path), text);
        }
        if (Unreachable().Match(text) is { Success: true } u)
        {
            var target = LogPatterns.Target(text);
            var how = u.Value.Contains("refused", StringComparison.OrdinalIgnoreCase) ? "connection refused"
                : u.Value.Contains("reset", StringComparison.OrdinalIgnoreCase) ? "connection reset"
                : u.Value.Contains("route", StringComparison.OrdinalIgnoreCase) ? "no route to host" : "timed out";
            return new Verdict("dependency_unreachable", $"cannot reach {target ?? "a dependency"} ({how})", Target: target);
        }
        if (GoPanic().Match(text) is { Success: true } panic)
        {
            var frame = GoFrame().Match(text) is { Success: true } f ? f.Groups["f"].Value.Trim() : null;
            return new Verdict("panic", $"panic: {Clip(panic.Groups["m"].Value, 100)}{(frame is null ? "" : $" at {frame}")}", Exception: "panic", Frame: frame);
        }
        if (WithException(null, text) is { } ex)
        {
            return ex;
        }
        if ((m = Exit().Match(text)).Success && int.TryParse(m.Groups["c"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var code) && code != 0)
        {
            return new Verdict("exit", $"exited with code {code} ({ExitMeaning(code)})", ExitCode: code);
        }
        return null;
    }

    /// <summary>What an exit code usually means.</summary>
    public static string ExitMeaning(int code) => code switch
    {
        1 => "application error",
        2 => "misuse of a shell builtin or bad arguments",
        126 => "command not executable",
        127 => "command not found",
        128 => "invalid exit argument",
        134 => "SIGABRT: the process aborted",
        137 => "SIGKILL: killed, usually by the OOM killer",
        139 => "SIGSEGV: segmentation fault",
        143 => "SIGTERM: terminated",
        > 128 and < 160 => $"killed by signal {code - 128}",
        _ => "application error",
    };

    /// <summary>Adds the exception type and top frame of a stack trace in the text (Python, JVM, .NET, Node.js); with a null verdict, returns
    /// an <c>exception</c> verdict when the text carries an unhandled exception, else null.</summary>
    private static Verdict? WithException(Verdict? verdict, string text)
    {
        string? exception = null;
        string? frame = null;
        string? message = null;
        if (PythonFrame().Matches(text) is { Count: > 0 } frames)
        {
            var last = frames[^1];
            frame = $"{last.Groups["fn"].Value} ({last.Groups["f"].Value}:{last.Groups["n"].Value})";
            if (PythonException().Matches(text) is { Count: > 0 } ex)
            {
                exception = ex[^1].Groups["e"].Value;
                message = ex[^1].Groups["m"].Value;
            }
        }
        else if (JvmException().Match(text) is { Success: true } jx)
        {
            exception = jx.Groups["e"].Value;
            message = jx.Groups["m"].Value;
            frame = JvmFrame().Match(text) is { Success: true } jf ? jf.Groups["f"].Value : null;
        }
        else if (NodeException().Match(text) is { Success: true } nx && NodeFrame().Match(text) is { Success: true } nf)
        {
            exception = nx.Groups["e"].Value;
            message = nx.Groups["m"].Value;
            frame = nf.Groups["f"].Value.Trim();
        }
        if (exception is null)
        {
            return verdict;
        }
        if (verdict is not null)
        {
            return verdict with { Exception = exception, Frame = frame };
        }
        var what = string.IsNullOrWhiteSpace(message) ? exception : $"{exception}: {Clip(message.Trim(), 100)}";
        return new Verdict("exception", $"unhandled {what}{(frame is null ? "" : $" at {frame}")}", Exception: exception, Frame: frame);
    }

    private static string FirstLine(string text)
    {
        var nl = text.IndexOf('\n', StringComparison.Ordinal);
        return (nl < 0 ? text : text[..nl]).Trim();
    }

    private static string? PathIn(string text) => FilePath().Match(text) is { Success: true } m ? m.Groups["p"].Value.TrimEnd('\'', '"', ':', ',', ')') : null;

    private static string Clip(string s, int max) => s.Length <= max ? s : s[..max] + "…";

    [GeneratedRegex(@"""root"" execution of the PostgreSQL server is not permitted|can ?not run \w+ as root|must not (be )?run (\w+ )?as root|run(ning)? as root is not (allowed|permitted)|how to run mysqld as root|refus\w+ to run as root", RegexOptions.IgnoreCase)]
    private static partial Regex Root();

    [GeneratedRegex(@"No space left on device|\bENOSPC\b|Disk quota exceeded|disk (is )?full|\[Errno 28\]", RegexOptions.IgnoreCase)]
    private static partial Regex DiskFull();

    [GeneratedRegex(@"x509: [^\n]{0,80}|certificate (has )?expired|certificate is not yet valid|CERT_HAS_EXPIRED|certificate verify failed|unable to (get local issuer|verify the first) certificate|self[- ]signed certificate|tls: (bad|expired|unknown) certificate|SSL certificate problem|PKIX path", RegexOptions.IgnoreCase)]
    private static partial Regex Certificate();

    [GeneratedRegex(@"no such host|NXDOMAIN|Name or service not known|Temporary failure in name resolution|could not resolve host|getaddrinfo (ENOTFOUND|EAI_AGAIN)|UnknownHostException|nodename nor servname|could not translate host name|Name does not resolve|server misbehaving", RegexOptions.IgnoreCase)]
    private static partial Regex Dns();

    [GeneratedRegex(@"(?:lookup|resolve host:?|ENOTFOUND|EAI_AGAIN|UnknownHostException:|translate host name|host)\s+""?(?<h>[A-Za-z0-9][A-Za-z0-9_.-]*[A-Za-z0-9])""?", RegexOptions.IgnoreCase)]
    private static partial Regex DnsHost();

    [GeneratedRegex(@"(?:environment variable|env var(?:iable)?|missing (?:required )?(?:env(?:ironment)?(?: variable)?|config(?:uration)?(?: key| value| setting)?|setting|key|parameter|property)|required (?:env(?:ironment)? variable|config(?:uration)? key|key|setting|property))[:\s]+['""`]?(?<k>[A-Za-z_][A-Za-z0-9_.\-]*)|(?<k>[A-Z][A-Z0-9_]{2,})['""`]? (?:environment variable )?(?:is )?(?:not set|not defined|undefined|required but|must be set|is missing|missing)|KeyError: '(?<k>[^']+)'|(?:config(?:uration)? file|settings file)\s+['""]?(?<f>[^\s'""]+)['""]? (?:not found|does not exist|is missing)|FileNotFoundError: \[Errno 2\] No such file or directory: '(?<f>[^']+)'|open (?<f>/[^\s:]+): no such file or directory|Could not find (?:config(?:uration)?|settings) file:? ['""]?(?<f>[^\s'""]+)", RegexOptions.IgnoreCase)]
    private static partial Regex ConfigMissing();

    [GeneratedRegex(@"SyntaxError|syntax error|yaml: line \d+|YAMLException|ScannerError|ParserError|JSONDecodeError|json: cannot unmarshal|invalid character '.' looking for|Unexpected token|unexpected end of JSON|ParseException|could not parse|failed to parse|unmarshal errors|mapping values are not allowed|did not find expected key|InvalidFormatException|NumberFormatException|invalid syntax", RegexOptions.IgnoreCase)]
    private static partial Regex ParseError();

    [GeneratedRegex(@"line[ :]+(\d+)", RegexOptions.IgnoreCase)]
    private static partial Regex LineNumber();

    [GeneratedRegex(@"address already in use|EADDRINUSE|bind: address|port is already allocated|Address in use", RegexOptions.IgnoreCase)]
    private static partial Regex PortInUse();

    [GeneratedRegex(@"(?::|port )(\d{2,5})\b")]
    private static partial Regex PortNumber();

    [GeneratedRegex(@"password authentication failed(?: for user ""(?<u>[^""]+)"")?|Access denied for user '(?<u>[^']+)'|authentication failed|invalid (?:username or password|credentials|api key|token)|Login failed for user '(?<u>[^']+)'|NOAUTH|WRONGPASS|SASL authentication", RegexOptions.IgnoreCase)]
    private static partial Regex AuthFailed();

    [GeneratedRegex(@"permission denied|\bEACCES\b|Operation not permitted|read-only file system|\bEPERM\b|AccessDenied|is not authorized to perform", RegexOptions.IgnoreCase)]
    private static partial Regex Permission();

    [GeneratedRegex(@"connection refused|ECONNREFUSED|actively refused|Connection reset by peer|ECONNRESET|no route to host|EHOSTUNREACH|i/o timeout|ETIMEDOUT|connect(?:ion)? timed out|timed out (?:while )?connecting|could not connect to|unable to connect to|failed to connect to|cannot connect to|can't connect to|Connection to \S+ refused|Is the server running", RegexOptions.IgnoreCase)]
    private static partial Regex Unreachable();

    [GeneratedRegex(@"^panic: (?<m>[^\n]*)|\npanic: (?<m>[^\n]*)|fatal error: (?<m>[^\n]*)")]
    private static partial Regex GoPanic();

    [GeneratedRegex(@"goroutine \d+ \[running\]:\s*\n(?:panic\([^\n]*\n[^\n]*\n)?(?<f>[^\n]+)")]
    private static partial Regex GoFrame();

    [GeneratedRegex(@"File ""(?<f>[^""]+)"", line (?<n>\d+), in (?<fn>[^\s]+)")]
    private static partial Regex PythonFrame();

    [GeneratedRegex(@"^(?<e>[A-Za-z_][\w.]*(?:Error|Exception|Exit|Interrupt|Warning)): ?(?<m>[^\n]*)", RegexOptions.Multiline)]
    private static partial Regex PythonException();

    [GeneratedRegex(@"(?<e>(?:[a-z_][\w$]*\.)+[A-Z][\w$]*(?:Exception|Error))(?::\s*(?<m>[^\n]*))?")]
    private static partial Regex JvmException();

    [GeneratedRegex(@"\n\s*at (?<f>[\w$.<>]+\([^)\n]*\))")]
    private static partial Regex JvmFrame();

    [GeneratedRegex(@"(?<e>\b[A-Z]\w*Error)(?:\s*\[[A-Z_]+\])?: (?<m>[^\n]*)")]
    private static partial Regex NodeException();

    [GeneratedRegex(@"\n\s+at (?<f>[^\n]+)")]
    private static partial Regex NodeFrame();

    [GeneratedRegex(@"(?:exit(?:ed)?|terminated|finished)(?: with)? (?:exit )?(?:code|status)[:= ]+(?<c>\d{1,3})", RegexOptions.IgnoreCase)]
    private static partial Regex Exit();

    [GeneratedRegex(@"(?<p>/(?:[\w.@-]+/)*[\w.@-]+)")]
    private static partial Regex FilePath();
}
