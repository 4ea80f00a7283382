namespace Firefighter.Evidence;

/// <summary>Log or finding level, ordered from least to most severe.</summary>
public enum LogLevel
{
    Unknown = 0,
    Trace,
    Debug,
    Info,
    Warn,
    Error,
    Fatal,
}
