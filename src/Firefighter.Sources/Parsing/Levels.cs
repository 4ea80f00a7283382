using Firefighter.Evidence;

namespace Firefighter.Sources.Parsing;

/// <summary>Recognises log level words and numbers.</summary>
internal static class Levels
{
    /// <summary>Parses a level word (case-insensitive; brackets and a trailing colon ignored) such as INFO, WARN, E, error, CRITICAL.</summary>
    public static bool TryParse(ReadOnlySpan<char> word, out LogLevel level)
    {
        word = word.Trim().Trim("[]<>():|");
        level = LogLevel.Unknown;
        if (word.Length is 0 or > 11)
        {
            return false;
        }
        Span<char> upper = stackalloc char[word.Length];
        word.ToUpperInvariant(upper);
        level = upper switch
        {
            "TRACE" or "TRC" => LogLevel.Trace,
            "DEBUG" or "DBG" => LogLevel.Debug,
            "INFO" or "INF" or "INFORMATION" or "NOTICE" => LogLevel.Info,
            "WARN" or "WARNING" or "WRN" => LogLevel.Warn,
            "ERROR" or "ERR" or "SEVERE" => LogLevel.Error,
            "FATAL" or "CRITICAL" or "CRIT" or "PANIC" or "EMERG" or "EMERGENCY" or "FTL" => LogLevel.Fatal,
            _ => LogLevel.Unknown,
        };
        return level != LogLevel.Unknown;
    }

    /// <summary>Parses a JSON level value: a word, or a bunyan/pino number (10 trace ... 60 fatal).</summary>
    public static LogLevel FromValue(string value)
    {
        if (TryParse(value, out var level))
        {
            return level;
        }
        return value switch
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
