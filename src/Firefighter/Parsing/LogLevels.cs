using Firefighter.Evidence;

namespace Firefighter.Parsing;

/// <summary>The one table of log level words: header tokens, JSON/logfmt level fields, learned header columns.</summary>
public static class LogLevels
{
    /// <summary>The level a word names (case-insensitive): TRACE/FINEST, DEBUG/FINE/D, INFO/INFORMATION/NOTICE/CONFIG/I, WARN/WARNING/W,
    /// ERROR/ERR/SEVERE/FAILURE/E, FATAL/CRITICAL/PANIC/EMERG/EMERGENCY/ALERT/F; <see cref="LogLevel.Unknown"/> otherwise.</summary>
    public static LogLevel Parse(ReadOnlySpan<char> word)
    {
        // Every level word starts with a letter: numbers, brackets and paths leave here without upper-casing.
        if (word.Length == 0 || word.Length > 11 || !char.IsAsciiLetter(word[0])) { return LogLevel.Unknown; }
        Span<char> u = stackalloc char[word.Length];
        word.ToUpperInvariant(u);
        return u switch
        {
            "TRACE" or "TRC" or "FINEST" or "FINER" => LogLevel.Trace,
            "DEBUG" or "DBG" or "D" or "FINE" => LogLevel.Debug,
            "INFO" or "INF" or "I" or "NOTICE" or "CONFIG" or "INFORMATION" => LogLevel.Info,
            "WARN" or "WARNING" or "WRN" or "W" => LogLevel.Warn,
            "ERROR" or "ERR" or "E" or "SEVERE" or "FAILURE" => LogLevel.Error,
            "FATAL" or "CRITICAL" or "CRIT" or "F" or "PANIC" or "EMERG" or "EMERGENCY" or "ALERT" or "FTL" => LogLevel.Fatal,
            _ => LogLevel.Unknown,
        };
    }

    /// <summary>The level of a header token, ignoring brackets, quotes and a trailing colon (<c>[ERROR]</c>, <c>WARN:</c>).</summary>
    public static LogLevel ParseToken(ReadOnlySpan<char> token) => Parse(token.Trim().Trim("[]<>():|\"'").TrimEnd(':'));

    /// <summary>The level of a structured field's value: a word, or a bunyan/pino number (10 trace ... 60 fatal).</summary>
    public static LogLevel FromValue(ReadOnlySpan<char> value)
    {
        var level = ParseToken(value);
        return level != LogLevel.Unknown ? level : value.Trim() switch
        {
            "10" => LogLevel.Trace,
            "20" => LogLevel.Debug,
            "30" => LogLevel.Info,
            "40" => LogLevel.Warn,
            "50" => LogLevel.Error,
            "60" => LogLevel.Fatal,
            _ => LogLevel.Unknown,
        };
    }
}
