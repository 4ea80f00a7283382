using System.Text.Json.Serialization;

namespace Firefighter.Analysis;

/// <summary>How bad a finding is on its own, in increasing order; written lowercase in JSON (<c>info</c>, <c>warning</c>, <c>critical</c>).</summary>
public enum FindingSeverity
{
    /// <summary>Context: a change, a ranking step, a healthy observation.</summary>
    [JsonStringEnumMemberName("info")]
    Info,

    /// <summary>Something is off but may not hurt users.</summary>
    [JsonStringEnumMemberName("warning")]
    Warning,

    /// <summary>Something is broken.</summary>
    [JsonStringEnumMemberName("critical")]
    Critical,
}
