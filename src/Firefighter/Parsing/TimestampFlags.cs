namespace Firefighter.Parsing;

/// <summary>What a parsed timestamp did not say and was assumed.</summary>
[Flags]
public enum TimestampFlags
{
    /// <summary>Nothing assumed.</summary>
    None = 0,

    /// <summary>No zone or offset was written: read as UTC.</summary>
    ZoneAssumed = 1,

    /// <summary>No year was written (syslog, klog): the default year was used.</summary>
    YearAssumed = 2,
}
