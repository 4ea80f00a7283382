using System.Text.Json;
using Firefighter.Evidence;

namespace Firefighter.Logs;

/// <summary>The saved state of a mining run: templates with counts and first/last seen, as plain JSON (no type embedding).</summary>
public sealed record MinerState
{
    /// <summary>Format version of the file.</summary>
    public int Version { get; init; } = 1;

    /// <summary>Records mined.</summary>
    public long Records { get; init; }

    /// <summary>Earliest record time.</summary>
    public DateTimeOffset? Start { get; init; }

    /// <summary>Latest record time.</summary>
    public DateTimeOffset? End { get; init; }

    /// <summary>Templates, most frequent first.</summary>
    public List<TemplateStateEntry> Templates { get; init; } = [];

    /// <summary>Builds the state of a mining result.</summary>
    public static MinerState From(MiningResult result)
    {
        var list = new List<TemplateStateEntry>(result.Templates.Count);
        DateTimeOffset? start = null, end = null;
        long records = 0;
        foreach (var t in result.Templates.OrderByDescending(t => t.Count).ThenBy(t => t.FirstIndex))
        {
            records += t.Count;
            if (t.FirstSeen is { } f && (start is null || f < start)) { start = f; }
            if (t.LastSeen is { } l && (end is null || l > end)) { end = l; }
            list.Add(new TemplateStateEntry
            {
                Id = t.Id,
                Template = t.Text,
                Count = t.Count,
                Level = t.Level.ToString(),
                Errors = t.ErrorCount,
                FirstSeen = t.FirstSeen,
                LastSeen = t.LastSeen,
                Sample = t.Sample,
            });
        }
        return new MinerState { Records = records, Start = start, End = end, Templates = list };
    }

    /// <summary>Writes the state as indented JSON.</summary>
    public void Save(Stream stream) => JsonSerializer.Serialize(stream, this, LogsJsonContext.Readable.MinerState);

    /// <summary>Reads a state file; returns null with an error message when it is not a valid state.</summary>
    public static MinerState? Load(Stream stream, out string? error)
    {
        try
        {
            error = null;
            var s = JsonSerializer.Deserialize(stream, LogsJsonContext.Readable.MinerState);
            if (s is null) { error = "empty state"; }
            return s;
        }
        catch (JsonException e)
        {
            error = "not a miner state file: " + e.Message;
            return null;
        }
    }

    /// <summary>Reads a state file from disk; returns null with an error message naming the file when it cannot be read or is not a state.</summary>
    public static MinerState? LoadFile(string path, out string? error)
    {
        try
        {
            using var stream = File.OpenRead(path);
            var state = Load(stream, out error);
            error = error is null ? null : $"{path}: {error}";
            return state;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = $"cannot read {path}: {e.Message}";
            return null;
        }
    }

    /// <summary>Parses a level name written by <see cref="From"/>.</summary>
    public static LogLevel ParseLevel(string name) => Enum.TryParse<LogLevel>(name, true, out var l) ? l : LogLevel.Unknown;
}
